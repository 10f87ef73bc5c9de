"""Live monitoring: drivers -> own health -> health engine -> coalesced changes."""
