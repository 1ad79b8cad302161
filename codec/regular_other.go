//go:build !unix

package codec

// openNonBlock is 0 where the system has no O_NONBLOCK; CheckRegular has
// refused pipes before the open there.
const openNonBlock = 0
