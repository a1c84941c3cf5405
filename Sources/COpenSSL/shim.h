#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ec.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/objects.h>

/* Selection masks are macro expressions that Swift does not import. */
static inline int cardsh_evp_pkey_keypair(void) { return EVP_PKEY_KEYPAIR; }
static inline int cardsh_evp_pkey_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
#include <openssl/x509v3.h>
#include <openssl/bio.h>

/* BIO_get_mem_data is a macro over BIO_ctrl. */
static inline long cardsh_bio_get_mem_data(BIO *bio, char **pointer) { return BIO_get_mem_data(bio, pointer); }
