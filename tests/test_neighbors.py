"""neighbors.py: the k nearest points, nearest first, as a brute-force search finds them; and the k-NN accuracy."""
import numpy as np

from latent_explorer.neighbors import knn_accuracy, latent_tree, nearest


def test_nearest_agrees_with_brute_force():
    rng = np.random.default_rng(0)
    latents = rng.normal(size=(2000, 3)).astype(np.float32)
    tree = latent_tree(latents)
    for point in rng.normal(scale=2, size=(20, 3)):
        distances = np.linalg.norm(latents.astype(np.float64) - point, axis=1)
        indices, found = nearest(tree, point.tolist(), 10)
        assert indices.tolist() == np.argsort(distances)[:10].tolist()
        assert np.allclose(found, np.sort(distances)[:10], rtol=0, atol=1e-12)


def test_one_neighbour_is_still_a_list_and_k_beyond_the_points_gives_them_all():
    tree = latent_tree(np.array([[0, 0, 0], [1, 0, 0], [3, 0, 0]], np.float32))
    indices, distances = nearest(tree, [0.9, 0, 0], 1)
    assert indices.tolist() == [1] and np.allclose(distances, [0.1])
    indices, distances = nearest(tree, [2.9, 0, 0], 100)
    assert indices.tolist() == [2, 1, 0] and np.allclose(distances, [0.1, 1.9, 2.9])


def test_knn_accuracy_votes_among_the_five_nearest():
    train = np.array([[0.0, 0, 0]] * 5 + [[10.0, 0, 0]] * 5)
    train_labels = np.array([1] * 5 + [2] * 5)
    test = np.array([[0.5, 0, 0], [9.5, 0, 0], [9.0, 0, 0]])
    assert knn_accuracy(train, train_labels, test, np.array([1, 2, 1])) == 2 / 3


def test_knn_majority_beats_the_single_nearest():
    train = np.array([[0.0, 0, 0], [1.0, 0, 0], [1.1, 0, 0], [1.2, 0, 0], [5.0, 0, 0]])
    train_labels = np.array([3, 4, 4, 4, 3])
    assert knn_accuracy(train, train_labels, np.array([[0.1, 0, 0]]), np.array([4])) == 1.0
