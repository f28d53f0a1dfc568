package webui

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// The page speaks of modification times the way Python does: a float of
// seconds since 1970-01-01 00:00:00 UTC. httpsim.fs.touch(path, mtime)
// is os.utime(path, (mtime, mtime)), which floors the float to
// nanoseconds, and fs.list() reports os.stat's st_mtime ([sim.StMtime]),
// the float the server itself formats and compares.

// Seconds is the st_mtime Python reports for a file modified at t.
func Seconds(t time.Time) float64 { return sim.StMtime(t) }

// FromSeconds is the file time that os.utime sets for the float x: the
// whole seconds and the fraction floored to nanoseconds. x must have
// passed [ParseMtime].
func FromSeconds(x float64) time.Time {
	whole, frac := math.Modf(x)
	ns := math.Floor(frac * 1e9)
	if ns >= 1e9 {
		ns -= 1e9
		whole++
	}
	t := time.Unix(int64(whole), int64(ns)).UTC()
	// Near the epoch a double is finer than a nanosecond, and the floor
	// can land a nanosecond below a float that came from st_mtime; take
	// the time that reads back as x, so that a share link restores the
	// float fs.list() showed.
	if Seconds(t) != x {
		for i := time.Duration(1); i <= 4; i++ {
			if u := t.Add(i); Seconds(u) == x {
				return u
			}
		}
	}
	return t
}

// Errors of [ParseMtime]; the message says the allowed range.
var (
	errMtimeNaN    = errors.New("is not a number (NaN)")
	errMtimeInf    = errors.New("is infinite")
	errMtimeBefore = errors.New("is before 1970-01-01 00:00:00 UTC: give 0 or more seconds since the epoch (time functions refuse negative times on some systems, and 2.7 rounds them differently from 3.x)")
	errMtimeAfter  = fmt.Errorf("is in the year 10000 or later: Python 3's email.utils.formatdate raises ValueError (year 10000 is out of range) for it, so give less than %d (9999-12-31 23:59:59 UTC)", int64(sim.MaxStMtime))
)

// ParseMtime reads a modification time argument: a number of seconds
// since the epoch, fractions allowed, from 0 up to (not including)
// [sim.MaxStMtime], the first st_mtime that Python 3 cannot format.
func ParseMtime(v any, what string) (time.Time, error) {
	x, ok := v.(float64)
	if i, isInt := v.(int); isInt {
		x, ok = float64(i), true
	}
	if !ok {
		return time.Time{}, fmt.Errorf("%s must be a number of seconds since 1970-01-01 00:00:00 UTC (as os.stat's st_mtime), not %s", what, kind(v))
	}
	var err error
	switch {
	case math.IsNaN(x):
		err = errMtimeNaN
	case math.IsInf(x, 0):
		err = errMtimeInf
	case x < 0:
		err = errMtimeBefore
	case x >= sim.MaxStMtime:
		err = errMtimeAfter
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %s %w", what, jsNumber(x), err)
	}
	t := FromSeconds(x)
	if Seconds(t) >= sim.MaxStMtime { // a float just below the limit whose nanoseconds round up to it
		return time.Time{}, fmt.Errorf("%s %s %w", what, jsNumber(x), errMtimeAfter)
	}
	return t, nil
}

// jsNumber writes x as JavaScript's String(x) does for the numbers an
// error message quotes.
func jsNumber(x float64) string {
	if math.Abs(x) < 1e21 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// MtimeOption reads the optional {mtime} argument of fs.write and
// fs.mkdir; ok is false when no time was given.
func MtimeOption(v any, what string) (t time.Time, ok bool, err error) {
	if v == nil {
		return t, false, nil
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		return t, false, fmt.Errorf("%s must be an object like {mtime: 1767225600}, not %s", what, kind(v))
	}
	for k := range m {
		if k != "mtime" {
			return t, false, fmt.Errorf("%s.%s is not an option (have mtime)", what, k)
		}
	}
	if m["mtime"] == nil {
		return t, false, nil
	}
	t, err = ParseMtime(m["mtime"], what+".mtime")
	return t, err == nil, err
}

// Touch sets the modification time of the file or directory name, as
// os.utime(name, (mtime, mtime)) does: it follows a symbolic link, and it
// creates nothing.
func (s *Session) Touch(name string, mtime time.Time) error {
	n, err := cleanPath("touch", name, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.fs.Stat(n); errors.Is(err, fs.ErrNotExist) {
		return &fs.PathError{Op: "touch", Path: n, Err: errors.New("no such file or directory (touch changes the time of an existing entry; fs.write creates files)")}
	}
	return s.fs.Chtimes(n, mtime)
}

// Time is the session's server clock now: what touch without a time
// sets, as the touch command does.
func (s *Session) Time() time.Time { return s.now() }

// TimeData is the modification time of one entry, for share links.
type TimeData struct {
	Path  string
	MTime time.Time
}

// diffTimes lists the entries of cur whose modification time differs
// from the one they get when c (without times) is applied, which is
// what a share link must add to reproduce them.
func diffTimes(c Changes, cur *sim.MemFS, now time.Time) ([]TimeData, error) {
	built, err := build(c, now)
	if err != nil {
		return nil, err
	}
	be, err := list(built)
	if err != nil {
		return nil, err
	}
	got := map[string]time.Time{}
	for _, e := range be {
		got[e.Path] = e.MTime
	}
	ce, err := list(cur)
	if err != nil {
		return nil, err
	}
	var out []TimeData
	for _, e := range ce {
		if e.Link != "" {
			continue // a link's own time is not observable, and Chtimes follows it
		}
		if t, ok := got[e.Path]; !ok || !t.Equal(e.MTime) {
			out = append(out, TimeData{Path: e.Path, MTime: e.MTime})
		}
	}
	return out, nil
}
