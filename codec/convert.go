package codec

import (
	"fmt"
)

// ConvertContents gathers what the file holds for writing it as a file of
// format to: every latent as decoded (bit for bit; a lossy zfp stream as
// the values it decodes to), the image and environment payloads byte for
// byte with the image's record extra, and the manifest under the target's
// root key (Write makes the target's chunk records). Chunks compressed in
// the file are compressed in the target, as that format compresses them.
// Notes say, one line each, what cannot be carried as it was. A chunk that
// cannot be read or fails its hash is an error: a damaged file is not
// converted.
func (rd *Reader) ConvertContents(to Format) (Contents, []string, error) {
	c := Contents{Format: to, Manifest: rd.Manifest.ForFormat(to), Compress: true}
	var notes []string
	compressed := false
	for _, ch := range rd.Chunks {
		switch ch.Type {
		case TypeLatent:
			l, err := ch.LatentVerified()
			if err != nil {
				return c, nil, err
			}
			name := fmt.Sprintf("latent %d (%s)", ch.Index, l.Name())
			if ch.Lossy() {
				notes = append(notes, fmt.Sprintf("%s is a lossy zfp stream (%s): the values it decodes to are written, and its hash becomes theirs; the values before compression are not in %s", name, ch.zfp.ModeName(), rd.Name))
			}
			if to == Raiiaf && len(l.Shape) != 4 {
				notes = append(notes, fmt.Sprintf("%s has %d axes; the raiiaf reference writes only 4 (its reader takes any)", name, len(l.Shape)))
			}
			compressed = compressed || ch.Compressed
			c.Latents = append(c.Latents, NewLatent{Key: l.Key, Tensor: &l.Tensor})
		case TypeData, TypeEnv:
			p, err := ch.Payload()
			if err == nil {
				err = ch.VerifyPayload(p)
			}
			if err != nil {
				return c, nil, err
			}
			if ch.Type == TypeEnv {
				c.Env = p
				continue
			}
			if c.Image != nil {
				notes = append(notes, fmt.Sprintf("chunk %d is a second image, which neither format allows: left out", ch.Index))
				continue
			}
			c.Image, c.ImageExtra = p, ch.Extra.Clone()
		default:
			notes = append(notes, fmt.Sprintf("chunk %d has type %q, which %s cannot hold: left out", ch.Index, ch.Type, to.Ext()))
		}
	}
	if len(c.Latents) > 0 {
		c.Compress = compressed
	}
	if to == Raiiaf && c.Compress {
		for i, l := range c.Latents {
			if l.Tensor.DType == Float16 {
				name := fmt.Sprintf("latent %d", i)
				if l.Key != "" {
					name += " (" + l.Key + ")"
				}
				notes = append(notes, fmt.Sprintf("%s is float16, which zfp cannot hold: stored uncompressed", name))
			}
		}
	}
	return c, notes, nil
}
