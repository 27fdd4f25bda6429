import numpy as np

from latent_explorer.training.evaluation import knn_accuracy


def test_knn_accuracy_votes_among_the_five_nearest():
    train = np.array([[0.0, 0, 0]] * 5 + [[10.0, 0, 0]] * 5)
    train_labels = np.array([1] * 5 + [2] * 5)
    test = np.array([[0.5, 0, 0], [9.5, 0, 0], [9.0, 0, 0]])
    assert knn_accuracy(train, train_labels, test, np.array([1, 2, 1])) == 2 / 3


def test_knn_majority_beats_the_single_nearest():
    train = np.array([[0.0, 0, 0], [1.0, 0, 0], [1.1, 0, 0], [1.2, 0, 0], [5.0, 0, 0]])
    train_labels = np.array([3, 4, 4, 4, 3])
    assert knn_accuracy(train, train_labels, np.array([[0.1, 0, 0]]), np.array([4])) == 1.0
