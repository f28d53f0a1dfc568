package sim

import (
	"slices"
	"strings"
	"time"
)

var (
	dayNames   = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	zoneOffsets = map[string]int{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "AST": -400, "ADT": -300,
		"EST": -500, "EDT": -400, "CST": -600, "CDT": -500, "MST": -700, "MDT": -600, "PST": -800, "PDT": -700}
)

// parseDate is email.utils.parsedate_to_datetime as send_head uses it:
// ok is false where Python raises one of the errors send_head ignores,
// and utc reports whether the result's tzinfo is timezone.utc (a naive
// result counts, since send_head makes it UTC).
func parseDate(s string) (t time.Time, utc, ok bool) {
	data := pySplit(s, true)
	if len(data) == 0 {
		return
	}
	if strings.HasSuffix(data[0], ",") || slices.Contains(dayNames, strings.ToLower(data[0])) {
		data = data[1:]
	} else if i := strings.LastIndexByte(data[0], ','); i >= 0 {
		data[0] = data[0][i+1:]
	}
	if len(data) == 3 {
		if stuff := strings.Split(data[0], "-"); len(stuff) == 3 {
			data = append(stuff, data[1:]...)
		}
	}
	if len(data) == 4 {
		s := data[3]
		i := strings.IndexByte(s, '+')
		if i == -1 {
			i = strings.IndexByte(s, '-')
		}
		if i > 0 {
			data = append(data[:3:3], s[:i], s[i:])
		} else {
			data = append(data, "")
		}
	}
	if len(data) < 5 {
		return
	}
	dd, mm, yy, tm, tz := data[0], data[1], data[2], data[3], data[4]
	if dd == "" || mm == "" || yy == "" {
		return
	}
	mm = strings.ToLower(mm)
	mi := slices.Index(monthNames, mm)
	if mi < 0 {
		dd, mm = mm, strings.ToLower(dd)
		if mi = slices.Index(monthNames, mm); mi < 0 {
			return
		}
	}
	month := mi + 1
	if month > 12 {
		month -= 12
	}
	dd = strings.TrimSuffix(dd, ",")
	if i := strings.IndexByte(yy, ':'); i > 0 {
		yy, tm = tm, yy
	}
	if strings.HasSuffix(yy, ",") {
		yy = yy[:len(yy)-1]
		if yy == "" {
			return
		}
	}
	if yy == "" {
		return
	}
	if !(yy[0] >= '0' && yy[0] <= '9') {
		yy, tz = tz, yy
	}
	if tm == "" {
		return
	}
	tm = strings.TrimSuffix(tm, ",")
	parts := strings.Split(tm, ":")
	var thh, tmm, tss string
	switch {
	case len(parts) == 2:
		thh, tmm, tss = parts[0], parts[1], "0"
	case len(parts) == 3:
		thh, tmm, tss = parts[0], parts[1], parts[2]
	case len(parts) == 1 && strings.Contains(parts[0], "."):
		p := strings.Split(parts[0], ".")
		switch len(p) {
		case 2:
			thh, tmm, tss = p[0], p[1], "0"
		case 3:
			thh, tmm, tss = p[0], p[1], p[2]
		default:
			return
		}
	default:
		return
	}
	var n [5]int
	for i, f := range []string{yy, dd, thh, tmm, tss} {
		v, good := pyInt(f, true)
		if !good {
			return
		}
		n[i] = v
	}
	year, day, hh, mi2, ss := n[0], n[1], n[2], n[3], n[4]
	if year < 100 {
		if year > 68 {
			year += 1900
		} else {
			year += 2000
		}
	}
	var offset *int
	tzu := strings.ToUpper(tz)
	if o, ok := zoneOffsets[tzu]; ok {
		offset = &o
	} else if o, good := pyInt(tzu, true); good {
		if !(o == 0 && strings.HasPrefix(tzu, "-")) {
			offset = &o
		}
	}
	// datetime() range checks: anything out of range is a ValueError.
	if year < 1 || year > 9999 || day < 1 || day > daysIn(year, month) ||
		hh < 0 || hh > 23 || mi2 < 0 || mi2 > 59 || ss < 0 || ss > 59 {
		return
	}
	secs := 0
	if offset != nil && *offset != 0 {
		o := *offset
		sign := 1
		if o < 0 {
			sign, o = -1, -o
		}
		secs = sign * ((o/100)*3600 + (o%100)*60)
		if secs <= -86400 || secs >= 86400 {
			return
		}
	}
	t = time.Date(year, time.Month(month), day, hh, mi2, ss, 0, time.UTC)
	return t, secs == 0, true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
