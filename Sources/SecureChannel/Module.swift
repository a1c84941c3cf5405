// SecureChannel: module under construction.
