/* The physical limit of the PC/SC stack: SCardTransmit in a bare loop over the APDUs of a script.
 *
 * Usage: bare_transmit READER SCRIPT
 * SCRIPT holds one APDU in hex per line (scriptor's format: blank lines and lines starting with '#' are
 * skipped; a trailing backslash is not supported). The file is parsed before the clock starts; each
 * APDU is sent once, in order, and its response is checked for a status word. Prints the count and the
 * mean microseconds per APDU of the loop itself to standard output. Exit status 1 on any failure. */
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct apdu {
    unsigned char *bytes;
    size_t length;
};

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* One hex line to bytes (spaces allowed between digits); 0 on success. */
static int parse_line(const char *line, struct apdu *out) {
    size_t capacity = strlen(line) / 2 + 1, n = 0;
    int high = -1;
    out->bytes = malloc(capacity);
    if (!out->bytes) return -1;
    for (const char *p = line; *p; p++) {
        if (isspace((unsigned char)*p)) continue;
        int v = hex_value((unsigned char)*p);
        if (v < 0) return -1;
        if (high < 0) {
            high = v;
        } else {
            out->bytes[n++] = (unsigned char)(high << 4 | v);
            high = -1;
        }
    }
    out->length = n;
    return high < 0 && n >= 4 ? 0 : -1;
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s READER SCRIPT\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[2], "r");
    if (!file) {
        perror(argv[2]);
        return 1;
    }
    struct apdu *apdus = NULL;
    size_t count = 0, capacity = 0;
    char line[8192];
    unsigned line_number = 0;
    while (fgets(line, sizeof line, file)) {
        line_number++;
        char *start = line;
        while (isspace((unsigned char)*start)) start++;
        if (*start == 0 || *start == '#') continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 1024;
            apdus = realloc(apdus, capacity * sizeof *apdus);
            if (!apdus) return 1;
        }
        if (parse_line(start, &apdus[count]) != 0) {
            fprintf(stderr, "%s:%u: not a hex APDU\n", argv[2], line_number);
            return 1;
        }
        count++;
    }
    fclose(file);

    SCARDCONTEXT context;
    SCARDHANDLE card;
    DWORD active;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardEstablishContext: %s\n", pcsc_stringify_error(rv));
        return 1;
    }
    rv = SCardConnect(context, argv[1], SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &active);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardConnect %s: %s\n", argv[1], pcsc_stringify_error(rv));
        return 1;
    }
    const SCARD_IO_REQUEST *pci = active == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    static unsigned char response[MAX_BUFFER_SIZE_EXTENDED];
    double start = now_us();
    for (size_t i = 0; i < count; i++) {
        DWORD received = sizeof response;
        rv = SCardTransmit(card, pci, apdus[i].bytes, apdus[i].length, NULL, response, &received);
        if (rv != SCARD_S_SUCCESS || received < 2) {
            fprintf(stderr, "APDU %zu: SCardTransmit: %s\n", i + 1, pcsc_stringify_error(rv));
            return 1;
        }
    }
    double elapsed = now_us() - start;
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    printf("%zu APDUs, %.2f us per APDU in the loop\n", count, count ? elapsed / count : 0.0);
    return 0;
}
