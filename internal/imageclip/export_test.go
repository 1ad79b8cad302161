package imageclip

// WriteWithTool is writeWithTool, for the tests of the fallback.
var WriteWithTool = writeWithTool
