#include "textflag.h"

// func twistLanes8(s *[624]uint32, lo, hi, d int) int
//
// The Mersenne Twister recurrence for i = lo, lo+8, ... while i+8 <= hi,
// eight words at a time with AVX2:
//   y = s[i]&0x80000000 | s[i+1]&0x7fffffff
//   s[i] = s[i+d] ^ y>>1 ^ (0x9908b0df if y&1)
// It returns the first i not done. Callers keep i+d and i+8 within the
// state and never let a lane read a word another lane of the same step
// writes (|d| >= 8).
TEXT ·twistLanes8(SB), NOSPLIT, $0-40
	MOVQ s+0(FP), DI
	MOVQ lo+8(FP), AX
	MOVQ hi+16(FP), BX
	MOVQ d+24(FP), CX
	MOVL $0x80000000, R8
	MOVQ R8, X0
	VPBROADCASTD X0, Y0
	MOVL $0x9908b0df, R8
	MOVQ R8, X1
	VPBROADCASTD X1, Y1

loop:
	LEAQ 8(AX), R9
	CMPQ R9, BX
	JGT  done
	VMOVDQU (DI)(AX*4), Y2
	VMOVDQU 4(DI)(AX*4), Y3
	LEAQ    (AX)(CX*1), R10
	VMOVDQU (DI)(R10*4), Y4
	VPAND   Y0, Y2, Y2
	VPANDN  Y3, Y0, Y3
	VPOR    Y2, Y3, Y5
	VPSRLD  $1, Y5, Y6
	VPSLLD  $31, Y5, Y7
	VPSRAD  $31, Y7, Y7
	VPAND   Y1, Y7, Y7
	VPXOR   Y6, Y4, Y4
	VPXOR   Y7, Y4, Y4
	VMOVDQU Y4, (DI)(AX*4)
	MOVQ    R9, AX
	JMP     loop

done:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET
