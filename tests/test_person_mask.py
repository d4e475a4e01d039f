"""PersonMask reads exactly as the whole-picture float mask it stands for, for every indexing the measurements use."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.core.person_mask import PersonMask
from formcheck.core.types import PoseFrame
from formcheck.pose.masks import PackedMask, keep_near_person


def picture_of(steps_box: PersonMask) -> np.ndarray:
    """The float picture the old code built: steps / 255 in the box, 0 elsewhere."""
    x0, y0, x1, y1 = steps_box.box
    whole = np.zeros(steps_box.shape, dtype=np.float32)
    whole[y0:y1, x0:x1] = steps_box.steps.astype(np.float32) / 255.0
    return whole


@pytest.fixture
def kept() -> PersonMask:
    rng = np.random.default_rng(3)
    mask = rng.random((120, 90)).astype(np.float32)
    return PersonMask.around(mask, (20, 30, 70, 100))


def test_quantised_as_before_rounding_half_to_even() -> None:
    mask = np.array([[0.0, 0.5 / 255, 1.5 / 255, 1.0, 1.2, -0.1]], dtype=np.float32)
    kept = PersonMask.around(mask, (0, 0, 6, 1))
    assert kept.steps.tolist() == [np.rint(np.clip(mask, 0, 1) * 255.0).astype(np.uint8)[0].tolist()]


def test_fancy_indexing_equals_the_picture(kept: PersonMask) -> None:
    whole = picture_of(kept)
    assert np.array_equal(kept.to_array(), whole) and np.array_equal(np.asarray(kept), whole)
    rng = np.random.default_rng(4)
    rows, cols = rng.integers(0, 120, (7, 11)), rng.integers(0, 90, (7, 11))
    got = kept[rows, cols]
    assert got.dtype == np.float32 and np.array_equal(got, whole[rows, cols])
    cols1 = np.arange(5, 80)
    assert np.array_equal(kept[:, cols1], whole[:, cols1])  # the floor-line scan
    assert np.array_equal(kept[np.arange(10, 50), :], whole[np.arange(10, 50), :])
    assert kept[40, 30] == whole[40, 30] and kept[0, 0] == 0.0 and kept[-1, -1] == whole[-1, -1]
    assert np.array_equal(kept[10:60, 15:40], whole[10:60, 15:40])


def test_out_of_the_picture_is_an_index_error(kept: PersonMask) -> None:
    with pytest.raises(IndexError):
        kept[np.array([120]), np.array([0])]


def test_packed_for_a_worker_reads_back_the_same_steps(kept: PersonMask) -> None:
    pose = PoseFrame.missing(0, 0.0, (90, 120))
    back = PackedMask.pack(kept, pose).unpack()
    assert back.box == kept.box and np.array_equal(back.steps, kept.steps)


def test_kept_around_the_landmarks() -> None:
    xy = np.full((33, 2), np.nan)
    xy[11:29] = [[40.0 + i, 50.0 + 2 * i] for i in range(18)]
    pose = PoseFrame(0, 0.0, xy, np.ones(33), (200, 160))
    kept = keep_near_person(np.ones((160, 200), np.float32), pose)
    x0, y0, x1, y1 = kept.box
    assert x0 < 40 and y0 < 50 and x1 > 57 and y1 > 84 and (x1 - x0) * (y1 - y0) < 200 * 160


def test_a_mask_sent_when_pickled_arrives_packed_with_the_same_steps(kept: PersonMask) -> None:
    import pickle

    from formcheck.pose.masks import MaskToSend

    pose = PoseFrame.missing(0, 0.0, (90, 120))
    arrived = pickle.loads(pickle.dumps(MaskToSend(kept, pose)))
    assert isinstance(arrived, PackedMask)
    back = arrived.unpack()
    assert back.box == kept.box and np.array_equal(back.steps, kept.steps)
    assert np.array_equal(MaskToSend(kept, pose).unpack().steps, kept.steps)  # never pickled: one process
