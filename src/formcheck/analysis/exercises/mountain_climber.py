"""Mountain climber (plank hip flexion), side view: drives per leg, knee to chest, the plank kept."""

from __future__ import annotations

from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._shared import CONTOUR_REP_PEAK, contour_limit, contour_rule
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="mountain-climber",
    looks=Looks(range_deg=(40, INF), knee_deg=(0, 130), words="knees driven to the chest in turn"),
    title="Mountain climber",
    summary="Drives per leg; knee to chest, hips neither piking nor sagging, plank kept between reps.",
    about="From a plank, bring one knee to the chest without moving the plank; alternate.",
    setup="High plank: hands under the shoulders, body straight from shoulders to ankles.",
    camera="side-on at floor level, about 3 m away, hands to feet in the picture",
    measures="hip flexion per leg (counting), support-leg body line (pike/sag), time out of the plank",
    start_position=Posture.PLANK,
    required_parts=("shoulders", "arms", "hips", "knees", "feet"),
    lower_back="contour",
    counting=LegPair(signal="hip_flexion_deg", both_legs_together=False),
    thresholds=(
        Threshold(
            "min_excursion",
            20.0,
            "deg",
            "Smallest rise of the hip flexion from its low (leg back in the plank) that is a drive.",
            "real drives rise 40-60 deg; the straight back leg rests at 25-55 deg "
            "depending on how high the hips are held, so only the rise counts",
            gt=0,
            le=160,
        ),
        Threshold(
            "min_drive_deg",
            80.0,
            "deg",
            "Lowest peak hip flexion: knee reaching the chest region.",
            "coaching guidance: knee to the chest (calibration table)",
            ge=0,
            le=160,
        ),
        Threshold(
            "max_pike_deg",
            40.0,
            "deg",
            "Largest bend of the support leg's shoulder-hip-ankle line with the hips above it, at the top of a drive.",
            "set above real drives with the hips near plank height: the knee at the chest lifts the "
            "hips a little (calibration table)",
            ge=0,
            le=90,
        ),
        Threshold(
            "max_sag_deg",
            10.0,
            "deg",
            "Largest bend of the shoulder-hip-ankle line (support leg) with the "
            "hips below it, during a drive (landmark proxy of lumbar sag).",
            "real drives keep the hips above the line (calibration table)",
            ge=0,
            le=90,
        ),
        Threshold(
            "max_out_of_plank_s",
            0.5,
            "s",
            "Longest time out of the plank between drives.",
            "real drives keep the plank between them (calibration table)",
            ge=0,
            le=30,
        ),
        contour_limit(
            30.0,
            "the contour change is noisy, so the limit sits above the worst real good drive through "
            "the video with the mask (calibration table)",
        ),
    ),
    rep_metrics=(
        RepMetric("max_pike_deg", "hip_pike_deg.{other}", "max", "top"),
        RepMetric("max_sag_deg", "hip_sag_deg.{other}", "max", "top"),
        CONTOUR_REP_PEAK,
    ),
    series=("hip_line_deg.left", "hip_line_deg.right"),
    rules=(
        Rule(
            "knee_short_of_chest",
            "peak_hip_flexion_deg",
            "min_drive_deg",
            "min",
            Severity.WARNING,
            "knee did not reach the chest region",
            "deg",
            "knee further in",
        ),
        Rule(
            "hips_piking",
            "max_pike_deg",
            "max_pike_deg",
            "max",
            Severity.ERROR,
            "hips piked up during the drive",
            "deg",
            "hips down",
        ),
        Rule(
            "hips_sagging",
            "max_sag_deg",
            "max_sag_deg",
            "max",
            Severity.ERROR,
            "hips sagged during the drive (lower back arching)",
            "deg",
            "brace, hips up",
        ),
        contour_rule(CONTOUR_REP_PEAK.name, "lower back arched during the drive (back contour)", "brace"),
        Rule(
            "plank_lost",
            "out_of_position_s",
            "max_out_of_plank_s",
            "max",
            Severity.WARNING,
            "plank position lost before this rep",
            "s",
            "hold the plank",
        ),
    ),
)
