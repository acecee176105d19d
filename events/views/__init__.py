"""The event pages: public ones in `public`, organisers' in `organiser`, feeds in `calendar`."""
