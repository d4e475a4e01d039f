"""``formcheck app``: the checker in a browser, served on this computer only."""
