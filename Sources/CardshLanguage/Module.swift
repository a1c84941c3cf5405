// CardshLanguage: module under construction.
