// CardshEngine: module under construction.
