#include <PCSC/winscard.h>
#include <PCSC/reader.h>

// Address-of and expression macros do not import into Swift; these expose them.
static inline const SCARD_IO_REQUEST *cardsh_pci_t0(void) { return SCARD_PCI_T0; }
static inline const SCARD_IO_REQUEST *cardsh_pci_t1(void) { return SCARD_PCI_T1; }
static inline const SCARD_IO_REQUEST *cardsh_pci_raw(void) { return SCARD_PCI_RAW; }
static inline DWORD cardsh_autoallocate(void) { return SCARD_AUTOALLOCATE; }
static inline DWORD cardsh_infinite(void) { return INFINITE; }
static inline DWORD cardsh_max_buffer_size_extended(void) { return MAX_BUFFER_SIZE_EXTENDED; }
