/* A stand-in for Windows' bcryptprimitives.dll under Wine (tests/windows.rs builds it with
 * mingw-w64). Rust's standard library gets random numbers from ProcessPrng, which Debian's
 * Wine 8 lacks; this one fills the buffer from advapi32's SystemFunction036 (RtlGenRandom),
 * which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
