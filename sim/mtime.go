package sim

import "time"

// A file's modification time reaches the response as a float, not as the
// nanoseconds the file system keeps: os.stat builds st_mtime as
// seconds + nanoseconds * 1e-9 in double precision, and send_head hands
// that float to date_time_string (Last-Modified) and, from 3.7, to
// datetime.fromtimestamp for the If-Modified-Since comparison. Each
// version then turns the float into a whole second its own way:
//
//   - 2.7 formats time.gmtime(st_mtime), which truncates toward zero;
//   - 3.x formats email.utils.formatdate(st_mtime, usegmt=True), which
//     builds datetime.fromtimestamp(st_mtime, timezone.utc) and drops the
//     microseconds, as send_head's comparison does. fromtimestamp first
//     rounds the fraction to microseconds, half to even, so a file
//     modified at 00:00:00.9999995 is "00:00:01" in 3.x and "00:00:00"
//     in 2.7.
//
// sim/testdata/mtime.py records what the interpreters do with such times.

// StMtime is os.stat(path).st_mtime for a file modified at t: the float
// CPython computes from the whole seconds and the nanoseconds.
func StMtime(t time.Time) float64 {
	sec, nsec := t.Unix(), t.Nanosecond()
	// The explicit conversion stops the compiler from fusing the multiply
	// into the add, which C does not do either.
	return float64(sec) + float64(float64(nsec)*1e-9)
}

// MaxStMtime bounds st_mtime for Python 3: formatdate and fromtimestamp
// raise ValueError ("year 10000 is out of range") for a time whose
// microsecond rounding reaches 10000-01-01 00:00:00 UTC.
const MaxStMtime = 253402300800

// mtimeSecond is the whole second in which the profile's Last-Modified
// and If-Modified-Since comparison put a file modified at t.
func (p *Profile) mtimeSecond(t time.Time) time.Time {
	f := StMtime(t)
	if !p.py3() {
		// time.gmtime: (time_t)x, which truncates.
		return time.Unix(int64(f), 0).UTC()
	}
	// datetime.fromtimestamp: modf, the fraction in microseconds rounded
	// half to even, a carry into the seconds.
	// (sim has no package math; every st_mtime that time.Unix can hold
	// fits an int64.)
	whole := int64(f)
	us := roundHalfEven(float64(f-float64(whole)) * 1e6)
	if us >= 1e6 {
		whole++
	} else if us < 0 {
		whole--
	}
	return time.Unix(whole, 0).UTC()
}

// roundHalfEven is math.RoundToEven for |x| well inside the int64 range.
func roundHalfEven(x float64) int64 {
	n := int64(x)
	switch d := x - float64(n); {
	case d > 0.5 || d == 0.5 && n%2 != 0:
		n++
	case d < -0.5 || d == -0.5 && n%2 != 0:
		n--
	}
	return n
}
