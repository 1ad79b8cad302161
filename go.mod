module github.com/gen5viewer/gen5view

go 1.26.0

require (
	github.com/klauspost/compress v1.20.4
	github.com/x448/float16 v0.8.4
	golang.org/x/image v0.48.0
)

require fyne.io/fyne/v2 v2.7.4 // indirect
