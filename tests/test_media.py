"""The GIF and film-strip encoders, on frames made up here."""
import io

import numpy as np
import pytest
from PIL import Image, ImageSequence

from latent_explorer import media
from latent_explorer.media import (OutputTooLarge, animated_gif, enlarge, film_strip, frame_delays, ping_pong_frames,
                           traversal_file)


def numbered_frames(count, size=28):
    """Frames that differ from each other, each holding its own number in one corner."""
    rng = np.random.default_rng(count)
    frames = rng.integers(0, 256, (count, size, size), dtype=np.uint8)
    frames[:, 0, 0] = np.arange(count)
    return frames


def gif_frames(data):
    """(frames as uint8 arrays, per-frame durations in ms, the image's info) of a GIF's bytes."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF"
    frames = [(np.asarray(frame.convert("L")), frame.info["duration"]) for frame in ImageSequence.Iterator(image)]
    return np.array([pixels for pixels, _ in frames]), [duration for _, duration in frames], image.info


def test_enlarge_turns_each_pixel_into_a_block():
    image = np.array([[0, 255], [7, 100]], np.uint8)
    assert np.array_equal(enlarge(image, 3), np.kron(image, np.ones((3, 3), np.uint8)))
    assert enlarge(numbered_frames(4), 2).shape == (4, 56, 56)
    assert np.array_equal(enlarge(image, 1), image)


def test_ping_pong_goes_back_without_repeating_the_ends():
    frames = np.arange(4)[:, None, None]
    assert ping_pong_frames(frames).ravel().tolist() == [0, 1, 2, 3, 2, 1]
    assert ping_pong_frames(frames[:2]).ravel().tolist() == [0, 1]


@pytest.mark.parametrize("fps", [1, 7, 15, 24, 30, 50])
def test_frame_delays_keep_the_loop_length(fps):
    delays = frame_delays(64, fps)
    assert len(delays) == 64
    assert delays.sum() == round(6400 / fps)  # hundredths of a second
    assert set(delays) <= {100 // fps, -(-100 // fps)}  # 100 / fps rounded down or up


def test_frame_delays_above_50_fps_stay_playable():
    assert frame_delays(10, 60).tolist() == [2] * 10


def test_gif_has_one_frame_per_step_enlarged_and_looping():
    frames = numbered_frames(5)
    pixels, durations, info = gif_frames(animated_gif(frames, scale=3, fps=15))
    assert info["loop"] == 0
    assert pixels.shape == (5, 84, 84)
    assert np.array_equal(pixels, enlarge(frames, 3))  # every grey level kept, no blur
    assert durations == [70, 60, 70, 70, 60]


def test_gif_keeps_identical_frames():
    frames = np.repeat(numbered_frames(1), 4, axis=0)
    pixels, durations, _ = gif_frames(animated_gif(frames, scale=1, fps=10))
    assert len(pixels) == 4 and durations == [100] * 4


def test_ping_pong_gif_plays_back():
    frames = numbered_frames(5)
    pixels, _, _ = gif_frames(animated_gif(frames, scale=2, ping_pong=True))
    assert len(pixels) == 2 * 5 - 2
    assert pixels[:, 0, 0].tolist() == [0, 1, 2, 3, 4, 3, 2, 1]


@pytest.mark.parametrize("columns, size", [(None, (7 * 28 * 2, 28 * 2)), (7, (7 * 28 * 2, 28 * 2)),
                                           (1, (28 * 2, 7 * 28 * 2)), (3, (3 * 28 * 2, 3 * 28 * 2))])
def test_film_strip_wraps_into_columns(columns, size):
    image = Image.open(io.BytesIO(film_strip(numbered_frames(7), scale=2, columns=columns)))
    assert image.format == "PNG" and image.mode == "L" and image.size == size


def test_film_strip_reads_in_rows_and_pads_the_last_with_black():
    frames = numbered_frames(5)
    grid = np.asarray(Image.open(io.BytesIO(film_strip(frames, scale=2, columns=2))))
    blocks = [grid[row * 56:(row + 1) * 56, column * 56:(column + 1) * 56] for row in range(3) for column in range(2)]
    for block, frame in zip(blocks, frames):
        assert np.array_equal(block, enlarge(frame, 2))
    assert not blocks[5].any()


def test_files_over_the_pixel_limit_are_refused(monkeypatch):
    frames = numbered_frames(4)
    monkeypatch.setattr(media, "MAX_PIXELS", 4 * 56 * 56)
    assert animated_gif(frames, scale=2) and film_strip(frames, scale=2, columns=2)  # exactly at the limit
    with pytest.raises(OutputTooLarge, match=r"5 frames of 56×56 pixels, 15,680 pixels in all, more than the limit "
                                             r"of 12,544; use fewer steps or a smaller scale"):
        animated_gif(numbered_frames(5), scale=2)
    with pytest.raises(OutputTooLarge, match="6 frames of 56×56"):
        animated_gif(frames, scale=2, ping_pong=True)
    with pytest.raises(OutputTooLarge, match="film strip would be 168×112 pixels"):  # the black padding counts
        film_strip(frames, scale=2, columns=3)


class ConstantModel:
    """Decodes every latent point to the grey level of its first coordinate, as (N, 28, 28, 1) images."""

    def decode(self, z):
        return np.repeat(z[:, :1], 784, axis=1).reshape(-1, 28, 28, 1)


def test_traversal_file_decodes_then_encodes():
    path = np.array([[0.0, 0, 0], [0.5, 0, 0], [1.0, 0, 0]])
    gif, _, _ = gif_frames(traversal_file(ConstantModel(), path, "gif", scale=1, fps=10, ping_pong=False))
    assert gif[:, 0, 0].tolist() == [0, 128, 255]
    strip = np.asarray(Image.open(io.BytesIO(traversal_file(ConstantModel(), path, "png", scale=1, columns=None))))
    assert strip[0, ::28].tolist() == [0, 128, 255]
