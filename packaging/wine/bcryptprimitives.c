/*
 * bcryptprimitives.c: a stand-in for Windows' bcryptprimitives.dll, for the
 * wine check of the Windows build (packaging/check-windows.sh) and nothing
 * else: it is never shipped.
 *
 * Every Go program for Windows (Go 1.24 and later) loads
 * bcryptprimitives.dll from system32 at start and takes its random numbers
 * from ProcessPrng, which Windows has had since Windows 8. Debian 12's wine
 * 8.0 has no such DLL, so without this no Go program starts under it. This
 * one answers ProcessPrng from RtlGenRandom (advapi32's SystemFunction036),
 * which wine 8.0 does have.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		/* RtlGenRandom takes a ULONG length. */
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
