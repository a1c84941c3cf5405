// CardCrypto: module under construction.
