package codec

import (
	"math"
	"testing"
)

// TestFloat32Into widens a window of a float16 and a float32 tensor and
// compares it with the same window of the whole widened tensor.
func TestFloat32Into(t *testing.T) {
	vals := make([]float32, 1000)
	for i := range vals {
		vals[i] = float32(math.Sin(float64(i))) * 3
	}
	for _, dtype := range []DType{Float16, Float32} {
		tn, err := TensorFromFloat32([]int{1, 10, 10, 10}, vals, dtype)
		if err != nil {
			t.Fatal(err)
		}
		all := tn.Float32()
		if dtype == Float32 && all[999] != vals[999] {
			t.Errorf("float32 element 999 = %v, want %v", all[999], vals[999])
		}
		dst := make([]float32, 37)
		tn.Float32Into(dst, 963)
		for i, v := range dst {
			if v != all[963+i] {
				t.Fatalf("%s: element %d widened in a window = %v, whole = %v", dtype, 963+i, v, all[963+i])
			}
		}
	}
}
