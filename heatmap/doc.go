// Package heatmap turns noise tensors into images for the viewer's noise
// panel. It knows nothing about windows or widgets: every function takes
// values and returns an image.Image (an *image.RGBA) or plain numbers, so
// the rendering can be tested pixel by pixel and reused outside the UI.
//
// A Tensor is a float array shaped batch × channel × height × width.
// FromShape folds the ranks found in older files into that shape. Channel
// renders one channel at one pixel per cell, ChannelView scales one channel
// to a square image, and Grid tiles all channels of a batch entry (2×2 for
// SD 1.5's 4 channels, 4×4 for Flux's 16). The scaled renderers return a
// GridLayout whose CellAt method turns a pointer position back into the
// (channel, y, x) of the cell under it, for the hover read-out.
//
// Values are coloured through a Colormap (viridis, the default, magma,
// coolwarm or gray) over a Range, which AutoRange derives from the data and
// makes symmetric about zero for the diverging coolwarm. Each value is
// quantised to one of 256 table entries once per cell and written straight
// into the image's pixel buffer; scaling is by nearest neighbour, so cells
// stay crisp squares and a pixel's colour is always exactly one cell's.
// NaN is drawn in magenta, a colour no map contains, and ±Inf in the end
// colours.
//
// Colorbar, ColorbarY and Ticks draw and label the legend. ComputeStats
// gives the mean, standard deviation, extremes and NaN/Inf counts, and
// HistogramImage plots the value distribution against the standard normal
// density, which initial noise should follow; an img2img latent, offset
// noise or corrupt data show up as a mismatch.
//
// The colour tables are built once, on first use, and only read afterwards,
// so every function is safe to call from several goroutines at once.
package heatmap
