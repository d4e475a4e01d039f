"""Positions: the start positions recognised from the body's orientation, which way it faces, the side a hold works."""
