"""How long a limb may be hidden (behind furniture, the other leg, or out of the picture) without losing the set."""

HIDDEN_LIMB_S = 1.2
"""A limb hidden for up to a second, counted from the last frame it was seen to the first frame it is seen again
(so a second of hiding plus the frames either side, up to five at 24 fps): a rep under way keeps going, a hold
stays open (the hidden time counts when the position is found again), the framing does not settle again.
Longer, the movement starts over."""
