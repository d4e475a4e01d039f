import math

import numpy as np
import pytest

from formcheck.core import geometry as geo


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [((1, 0), (0, 0), (0, 1), 90.0), ((1, 0), (0, 0), (-1, 0), 180.0), ((1, 0), (0, 0), (1, 1), 45.0)],
)
def test_joint_angle(a, b, c, expected):
    assert geo.joint_angle(np.array(a, float), np.array(b, float), np.array(c, float)) == pytest.approx(expected)


def test_nan_propagates():
    nan = np.array([np.nan, 0.0])
    assert math.isnan(geo.joint_angle(nan, np.zeros(2), np.array([1.0, 0.0])))
    assert math.isnan(geo.elevation(np.zeros(2), nan))


def test_elevation_is_y_up():
    hip = np.array([100.0, 100.0])
    assert geo.elevation(hip, np.array([150.0, 50.0])) == pytest.approx(45.0)  # knee higher on screen
    assert geo.elevation(hip, np.array([100.0, 200.0])) == pytest.approx(-90.0)  # hanging down
    assert geo.elevation(hip, np.array([50.0, 100.0])) == pytest.approx(0.0)  # symmetric in x


def test_lean_from_vertical_sign_follows_facing():
    hip = np.array([100.0, 200.0])
    behind_right_facer = np.array([90.0, 100.0])  # shoulder left of hip
    assert geo.lean_from_vertical(hip, behind_right_facer, 1.0) > 0  # facing +x: leaning back
    assert geo.lean_from_vertical(hip, behind_right_facer, -1.0) < 0  # facing -x: leaning forward
    assert geo.lean_from_vertical(hip, np.array([100.0, 100.0]), 1.0) == pytest.approx(0.0)


def test_signed_flexion():
    hip = np.array([0.0, 0.0])
    shoulder = np.array([0.0, -100.0])  # straight up (image y down)
    assert geo.signed_flexion(shoulder, hip, np.array([0.0, 100.0]), 1.0) == pytest.approx(0.0)
    assert geo.signed_flexion(shoulder, hip, np.array([100.0, 0.0]), 1.0) == pytest.approx(90.0)
    assert geo.signed_flexion(shoulder, hip, np.array([-50.0, 86.6]), 1.0) == pytest.approx(-30.0, abs=0.1)
    assert geo.signed_flexion(shoulder, hip, np.array([-100.0, 0.0]), -1.0) == pytest.approx(90.0)


def test_height_above():
    assert geo.height_above(np.array([0.0, 50.0]), np.array([0.0, 100.0]), 100.0) == pytest.approx(0.5)
