package thumbnail

import (
	"image"
	"image/color"
)

// boxShrink averages each k×k block of src into one pixel (the last
// partial row and column of blocks are dropped: at most k-1 source pixels,
// under one output pixel). The decoders' own layouts are read directly:
// Y′CbCr planes are averaged before conversion to RGB, which gives the
// same result as converting first because the conversion is affine, at a
// third of the cost. Other images are converted to NRGBA first.
func boxShrink(src image.Image, k int) *image.NRGBA {
	b := src.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	switch s := src.(type) {
	case *image.YCbCr:
		boxYCbCr(dst, s, k)
	case *image.RGBA:
		boxRGBA(dst, s.Pix, s.Stride, k, true)
	case *image.NRGBA:
		boxRGBA(dst, s.Pix, s.Stride, k, false)
	default:
		n := toNRGBA(src)
		boxRGBA(dst, n.Pix, n.Stride, k, false)
	}
	return dst
}

// boxRGBA averages 8-bit RGBA pixels, premultiplied or not. Colour is
// weighted by alpha so a transparent pixel's colour does not bleed in.
func boxRGBA(dst *image.NRGBA, pix []byte, stride int, k int, premul bool) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	sums := make([]uint64, 4*w)
	n := uint64(k * k)
	for oy := 0; oy < h; oy++ {
		clear(sums)
		for dy := 0; dy < k; dy++ {
			row := pix[(oy*k+dy)*stride : (oy*k+dy)*stride+4*w*k]
			for ox := 0; ox < w; ox++ {
				s := sums[4*ox : 4*ox+4]
				for i := 4 * ox * k; i < 4*(ox+1)*k; i += 4 {
					p := row[i : i+4 : i+4]
					a := uint64(p[3])
					if premul {
						s[0] += uint64(p[0]) * 255
						s[1] += uint64(p[1]) * 255
						s[2] += uint64(p[2]) * 255
					} else {
						s[0] += uint64(p[0]) * a
						s[1] += uint64(p[1]) * a
						s[2] += uint64(p[2]) * a
					}
					s[3] += a
				}
			}
		}
		out := dst.Pix[oy*dst.Stride:]
		for ox := 0; ox < w; ox++ {
			s := sums[4*ox : 4*ox+4]
			o := out[4*ox : 4*ox+4]
			if s[3] == 0 {
				o[0], o[1], o[2], o[3] = 0, 0, 0, 0
				continue
			}
			// Colour sums are alpha-weighted (×255 for premultiplied
			// input, whose colour already carries its alpha).
			o[0] = uint8((s[0] + s[3]/2) / s[3])
			o[1] = uint8((s[1] + s[3]/2) / s[3])
			o[2] = uint8((s[2] + s[3]/2) / s[3])
			o[3] = uint8((s[3] + n/2) / n)
		}
	}
}

// boxYCbCr averages the Y′, Cb and Cr samples under each block, whatever
// the chroma subsampling, and converts each average to RGB once.
func boxYCbCr(dst *image.NRGBA, s *image.YCbCr, k int) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	// A chroma sample covers 1<<sx by 1<<sy luma samples.
	sx, sy := 0, 0
	switch s.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		sx = 1
	case image.YCbCrSubsampleRatio420:
		sx, sy = 1, 1
	case image.YCbCrSubsampleRatio440:
		sy = 1
	case image.YCbCrSubsampleRatio411:
		sx = 2
	case image.YCbCrSubsampleRatio410:
		sx, sy = 2, 1
	}
	x0, y0 := s.Rect.Min.X, s.Rect.Min.Y
	cx0, cy0 := x0>>sx, y0>>sy
	ys := make([]uint32, w)
	cbs := make([]uint32, w)
	crs := make([]uint32, w)
	n := uint32(k * k)
	for oy := 0; oy < h; oy++ {
		clear(ys)
		clear(cbs)
		clear(crs)
		for dy := 0; dy < k; dy++ {
			y := y0 + oy*k + dy
			yrow := s.Y[(y-y0)*s.YStride:]
			crow := ((y >> sy) - cy0) * s.CStride
			cb, cr := s.Cb[crow:], s.Cr[crow:]
			for ox := 0; ox < w; ox++ {
				var sumY, sumCb, sumCr uint32
				for x := x0 + ox*k; x < x0+(ox+1)*k; x++ {
					sumY += uint32(yrow[x-x0])
					ci := (x >> sx) - cx0
					sumCb += uint32(cb[ci])
					sumCr += uint32(cr[ci])
				}
				ys[ox] += sumY
				cbs[ox] += sumCb
				crs[ox] += sumCr
			}
		}
		out := dst.Pix[oy*dst.Stride:]
		for ox := 0; ox < w; ox++ {
			r, g, b := color.YCbCrToRGB(uint8((ys[ox]+n/2)/n), uint8((cbs[ox]+n/2)/n), uint8((crs[ox]+n/2)/n))
			o := out[4*ox : 4*ox+4]
			o[0], o[1], o[2], o[3] = r, g, b, 0xff
		}
	}
}
