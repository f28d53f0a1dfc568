package sim

import (
	"math"
	"testing"
)

func TestRoundHalfEven(t *testing.T) {
	for _, x := range []float64{0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 999999.5, 999998.5, 999999.4999, -999999.5, 123.75, -123.25} {
		if got, want := roundHalfEven(x), int64(math.RoundToEven(x)); got != want {
			t.Errorf("roundHalfEven(%v) = %d, want %d", x, got, want)
		}
	}
}
