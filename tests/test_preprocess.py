"""Preprocessing on made pictures: every PNG colour type read as grey on white, polarity, and each data set's fit."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from latent_explorer.preprocess import (INK_THRESHOLD, ImageRejected, fit_box_by_centre_of_mass, fit_field_centred,
                                light_ink_on_black, png_grey)

MAX_SIDE = 1024


def drawn_seven(canvas, top, left, scale, dark_on_white=True):
    """A seven (a bar and a long diagonal, so its centre of mass is far from its box's centre), as grey levels."""
    paper, ink = (255, 0) if dark_on_white else (0, 255)
    picture = Image.new("L", canvas, paper)
    corners = [(left, top), (left + 12 * scale, top), (left + 4 * scale, top + 24 * scale)]
    ImageDraw.Draw(picture).line(corners, fill=ink, width=3 * scale)
    return np.asarray(picture, np.float64) / 255.0


def ink_box(image):
    rows, columns = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    return rows[0], rows[-1] + 1, columns[0], columns[-1] + 1


def centre_of_mass(image):
    rows, columns = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (columns * image).sum() / image.sum()


# The data sets' fits


@pytest.mark.parametrize("canvas, top, left, scale, dark_on_white", [
    ((280, 280), 12, 12, 8, True),  # large, in the top-left corner, drawn on paper
    ((280, 280), 60, 150, 4, True),  # small, off to the right
    ((200, 300), 200, 100, 3, False),  # light on dark, near the bottom of a tall canvas
    ((40, 40), 2, 20, 1, True),  # smaller than the box: scaled up
])
def test_mnist_fit_puts_the_centre_of_mass_at_the_centre_and_the_longer_side_at_20(canvas, top, left, scale,
                                                                                   dark_on_white):
    digit = fit_box_by_centre_of_mass(light_ink_on_black(drawn_seven(canvas, top, left, scale, dark_on_white)))
    assert digit.shape == (28, 28) and digit.min() >= 0 and digit.max() == 1
    assert digit[0].max() == digit[-1].max() == digit[:, 0].max() == digit[:, -1].max() == 0  # light ink on black
    row, column = centre_of_mass(digit)
    assert abs(row - 14) <= 0.5 and abs(column - 14) <= 0.5
    top_row, bottom, left_column, right = ink_box(digit)
    assert bottom - top_row == 20 and right - left_column <= 20


def test_mnist_fit_does_not_depend_on_position_or_polarity():
    placed = [fit_box_by_centre_of_mass(light_ink_on_black(drawn_seven((280, 280), top, left, 6, dark_on_white)))
              for top, left, dark_on_white in ((12, 12, True), (100, 180, True), (12, 12, False))]
    assert np.array_equal(placed[0], placed[1]) and np.array_equal(placed[0], placed[2])


def test_mnist_fit_keeps_the_aspect_ratio():
    picture = np.zeros((500, 500))
    picture[100:400, 200:260] = 1.0  # 300 tall, 60 wide: 20 x 4
    top, bottom, left, right = ink_box(fit_box_by_centre_of_mass(picture))
    assert (bottom - top, right - left) == (20, 4)


def test_mnist_fit_brightens_a_faint_stroke_to_full_ink_and_fashion_keeps_its_level():
    picture = np.zeros((100, 100))
    picture[20:80, 30:70] = 0.5
    assert fit_box_by_centre_of_mass(picture).max() == 1.0
    assert np.isclose(fit_field_centred(picture).max(), 0.5)


def test_mnist_fit_keeps_all_the_ink_of_a_lopsided_glyph():
    picture = np.zeros((200, 200))
    picture[:, :20] = 1.0  # a heavy left edge, 2 pixels wide in the box, and a faint top bar across it
    picture[:10, 20:] = 0.1  # pull the centre of mass to column 1 of the 20, 13 pixels left of the field's centre
    digit = fit_box_by_centre_of_mass(picture)
    assert np.isclose(digit.sum(), 2 * 20 + 18 * 0.1)  # moved only as far as it goes: nothing cut off
    assert np.flatnonzero(digit.any(axis=0)).tolist() == list(range(8, 28))  # against the right edge


@pytest.mark.parametrize("canvas, top, left, scale", [((280, 280), 12, 12, 8), ((600, 300), 150, 400, 5),
                                                       ((30, 30), 1, 1, 1)])
def test_fashion_fit_scales_the_longer_side_to_28_and_centres_the_shorter(canvas, top, left, scale):
    item = fit_field_centred(light_ink_on_black(drawn_seven(canvas, top, left, scale)))
    top_row, bottom, left_column, right = ink_box(item)
    assert (top_row, bottom) == (0, 28)
    assert abs(left_column - (28 - right)) <= 1


def test_empty_drawing_is_refused_by_both_fits():
    nearly_blank = np.ones((280, 280))
    nearly_blank[100, 100] = 1 - INK_THRESHOLD / 2  # a speck fainter than ink
    for fit in (fit_box_by_centre_of_mass, fit_field_centred):
        with pytest.raises(ImageRejected, match="the drawing is empty.*preprocess"):
            fit(light_ink_on_black(nearly_blank))


# Polarity


def test_dark_ink_on_paper_is_inverted_and_light_ink_on_black_kept():
    picture = np.zeros((50, 50))
    picture[10:40, 20:25] = 1.0
    assert np.array_equal(light_ink_on_black(picture), picture)
    assert np.allclose(light_ink_on_black(1.0 - picture), picture)


def test_grey_paper_becomes_black_and_full_ink_stays_full():
    photograph = np.full((50, 50), 0.8)
    photograph[10:40, 20:25] = 0.0
    ink = light_ink_on_black(photograph)
    assert ink[0, 0] == 0 and ink[20, 22] == 1.0


# Reading PNGs


def png_bytes(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def raw_png(width, height, bit_depth, colour_type, pixel_bytes, extra_chunks=b""):
    """A PNG written by hand, for what Pillow does not write (16-bit colour) or a header that lies."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + extra_chunks
            + png_chunk(b"IDAT", zlib.compress(pixel_bytes)) + png_chunk(b"IEND", b""))


LEVELS = np.array([[0, 64, 128, 255]], np.uint8)


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "LA", "P", "I;16"])
def test_each_pngs_grey_levels_are_read(mode):
    grey_image = Image.fromarray(LEVELS)
    image = Image.fromarray(LEVELS.astype(np.uint16) * 257) if mode == "I;16" else grey_image.convert(mode)
    assert np.allclose(png_grey(png_bytes(image), MAX_SIDE), LEVELS / 255.0, atol=1e-6)


def test_one_bit_png_is_read():
    image = Image.fromarray(np.array([[0, 255, 0]], np.uint8)).convert("1")
    assert np.allclose(png_grey(png_bytes(image), MAX_SIDE), [[0, 1, 0]])


def test_colours_become_their_luma():
    image = Image.fromarray(np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], np.uint8))
    assert np.allclose(png_grey(png_bytes(image), MAX_SIDE), [[0.299, 0.587, 0.114]])


def test_alpha_is_composited_on_white():
    black_with_alphas = np.array([[[0, 0, 0, 0], [0, 0, 0, 51], [0, 0, 0, 255]]], np.uint8)
    grey = png_grey(png_bytes(Image.fromarray(black_with_alphas)), MAX_SIDE)
    assert np.allclose(grey, [[1.0, 0.8, 0.0]])


def test_a_palettes_transparent_entry_and_a_grey_tRNS_level_are_white():
    palette = Image.fromarray(np.array([[0, 1, 2]], np.uint8), "P")
    palette.putpalette([0, 0, 0, 0, 0, 0, 128, 128, 128])
    assert np.allclose(png_grey(png_bytes(palette, transparency=0), MAX_SIDE), [[1.0, 0.0, 128 / 255]])
    grey = Image.fromarray(np.array([[0, 200]], np.uint8))
    assert np.allclose(png_grey(png_bytes(grey, transparency=0), MAX_SIDE), [[1.0, 200 / 255]])


def test_sixteen_bit_pngs_of_every_kind_are_read():
    grey_levels = np.array([[0, 30000, 65535]], ">u2")
    grey = raw_png(3, 1, 16, 0, b"\0" + grey_levels.tobytes())
    assert np.allclose(png_grey(grey, MAX_SIDE), grey_levels / 65535.0)
    with_trns = raw_png(3, 1, 16, 0, b"\0" + grey_levels.tobytes(), png_chunk(b"tRNS", struct.pack(">H", 30000)))
    assert np.allclose(png_grey(with_trns, MAX_SIDE), [[0.0, 1.0, 1.0]])
    rgba = np.array([[[0, 0, 0, 0], [0, 0, 0, 65535], [65535, 65535, 65535, 65535]]], ">u2")
    assert np.allclose(png_grey(raw_png(3, 1, 16, 6, b"\0" + rgba.tobytes()), MAX_SIDE), [[1.0, 0.0, 1.0]])
    grey_alpha = np.array([[[0, 0], [0, 65535]]], ">u2")
    assert np.allclose(png_grey(raw_png(2, 1, 16, 4, b"\0" + grey_alpha.tobytes()), MAX_SIDE), [[1.0, 0.0]])


def test_a_picture_larger_than_the_limit_is_refused_from_its_header():
    with pytest.raises(ImageRejected, match="1025x10 pixels.*from 1 to 1024"):
        png_grey(png_bytes(Image.new("L", (1025, 10))), MAX_SIDE)
    bomb = raw_png(100_000, 100_000, 8, 0, b"")  # claims ten billion pixels
    with pytest.raises(ImageRejected, match="100000x100000 pixels"):
        png_grey(bomb, MAX_SIDE)


def test_a_second_ihdr_that_claims_a_huge_size_is_refused():
    """The audit's picture: 28 KB whose second IHDR says 4000x4000 cost 756 MiB, because Pillow decodes with the
    last IHDR while the size was checked on the first; 20000x20000 made Pillow's bomb error a 500."""
    for side in (4000, 20000):
        second = png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
        with pytest.raises(ImageRejected, match="more than one IHDR"):
            png_grey(raw_png(4, 4, 8, 0, b"\0" * 20, extra_chunks=second), MAX_SIDE)


def test_a_png_of_many_chunks_is_refused_before_pillow_reads_them():
    """600,000 empty chunks cost Pillow 17 s a request; past the limit the count alone refuses the file."""
    many = png_chunk(b"tEXt", b"") * 600_000
    with pytest.raises(ImageRejected, match="more than 1024 chunks"):
        png_grey(raw_png(4, 4, 8, 0, b"\0" * 20, extra_chunks=many), MAX_SIDE)
    assert png_grey(raw_png(2, 1, 8, 0, b"\0\0\xff", extra_chunks=png_chunk(b"tEXt", b"") * 100), MAX_SIDE).shape == (1, 2)


def test_a_pillow_error_names_the_problem_without_a_memory_address():
    with pytest.raises(ImageRejected) as raised:
        png_grey(raw_png(4, 4, 8, 0, b"\0" * 3)[:-30] + b"\0" * 40, MAX_SIDE)  # a cut-off stream
    assert "could not be decoded" in str(raised.value) and " at 0x" not in str(raised.value)
    with pytest.raises(ImageRejected) as raised:  # Pillow names its BytesIO when it cannot identify a file
        png_grey(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 9, 0, 0, 0)), MAX_SIDE)
    assert " at 0x" not in str(raised.value) and "object" not in str(raised.value)


@pytest.mark.parametrize("data", [
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"",
    b"not a picture at all",
])
def test_other_bytes_are_not_a_png(data):
    with pytest.raises(ImageRejected, match="not a PNG"):
        png_grey(data, MAX_SIDE)


def test_a_truncated_png_could_not_be_decoded():
    whole = png_bytes(Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64), np.uint8)))
    with pytest.raises(ImageRejected, match="could not be decoded"):
        png_grey(whole[:len(whole) // 2], MAX_SIDE)
