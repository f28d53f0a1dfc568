package pycgi

import "strings"

// Traceback frames: the functions that can be on the stack when the
// handler's statement raises, and for each interpreter the line each
// call or raise is on. The lines are those CPython reports (for a call
// spread over several lines, 3.6 and 3.7 report a different line than
// 3.8 and later); the differential test checks them against the real
// interpreters.

const (
	fnInit           = "cgi.FieldStorage.__init__"
	fnReadURLEncoded = "cgi.FieldStorage.read_urlencoded"
	fnReadMulti      = "cgi.FieldStorage.read_multi"
	fnReadSingle     = "cgi.FieldStorage.read_single"
	fnReadBinary     = "cgi.FieldStorage.read_binary"
	fnParseQsl3      = "urllib.parse.parse_qsl"
	fnParseQsl27     = "urlparse.parse_qsl"
	fnSocketRead     = "socket._fileobject.read"
	fnGetitem        = "rfc822.Message.__getitem__"
)

// site is a place in the source where an exception passes.
type site int

const (
	siteInitURLEncoded site = iota // __init__: self.read_urlencoded()
	siteInitMulti                  // __init__: self.read_multi(...)
	siteInitSingle                 // __init__: self.read_single()
	siteURLEncodedRead             // read_urlencoded: self.fp.read(self.length)
	siteURLEncodedQsl              // read_urlencoded: parse_qsl(...)
	siteMultiBoundary              // read_multi: raise ValueError (boundary)
	siteMultiFirstPart             // read_multi (2.7): the preamble's klass(...)
	siteMultiPart                  // read_multi: part = klass(...)
	siteMultiLimit                 // read_multi (3.6): self.limit-self.bytes_read
	siteMultiMaxFields             // read_multi: raise ValueError (fields)
	siteSingleBinary               // read_single: self.read_binary()
	siteBinaryWrite                // read_binary: self.file.write(data)
	siteQslRaise                   // parse_qsl: raise ValueError (fields)
	siteSocketRead                 // socket._fileobject.read: recv(left)
	siteGetitem                    // rfc822.Message.__getitem__
	numSites
)

// lines maps a minor version to the line of each site.
var lines = map[int][numSites]int{
	27: {
		siteInitURLEncoded: 511, siteInitMulti: 513, siteInitSingle: 515,
		siteURLEncodedRead: 612, siteURLEncodedQsl: 616,
		siteMultiBoundary: 626, siteMultiFirstPart: 645, siteMultiPart: 652,
		siteMultiMaxFields: 659, siteSingleBinary: 667, siteBinaryWrite: 685,
		siteQslRaise: 443, siteSocketRead: 384, siteGetitem: 393,
	},
	36: {
		siteInitURLEncoded: 567, siteInitMulti: 569, siteInitSingle: 571,
		siteURLEncodedRead: 676, siteURLEncodedQsl: 686,
		siteMultiBoundary: 696, siteMultiPart: 744, siteMultiLimit: 743,
		siteMultiMaxFields: 751, siteSingleBinary: 762, siteBinaryWrite: 784,
		siteQslRaise: 738,
	},
	37: {
		siteInitURLEncoded: 495, siteInitMulti: 497, siteInitSingle: 499,
		siteURLEncodedRead: 604, siteURLEncodedQsl: 614,
		siteMultiBoundary: 624, siteMultiPart: 674,
		siteMultiMaxFields: 681, siteSingleBinary: 692, siteBinaryWrite: 714,
		siteQslRaise: 737,
	},
	38: {
		siteInitURLEncoded: 478, siteInitMulti: 480, siteInitSingle: 482,
		siteURLEncodedRead: 587, siteURLEncodedQsl: 594,
		siteMultiBoundary: 607, siteMultiPart: 655,
		siteMultiMaxFields: 664, siteSingleBinary: 675, siteBinaryWrite: 697,
		siteQslRaise: 757,
	},
	39: {
		siteInitURLEncoded: 478, siteInitMulti: 480, siteInitSingle: 482,
		siteURLEncodedRead: 587, siteURLEncodedQsl: 594,
		siteMultiBoundary: 607, siteMultiPart: 655,
		siteMultiMaxFields: 664, siteSingleBinary: 675, siteBinaryWrite: 697,
		siteQslRaise: 767,
	},
	310: {
		siteInitURLEncoded: 481, siteInitMulti: 483, siteInitSingle: 485,
		siteURLEncodedRead: 590, siteURLEncodedQsl: 597,
		siteMultiBoundary: 610, siteMultiPart: 658,
		siteMultiMaxFields: 667, siteSingleBinary: 678, siteBinaryWrite: 700,
		siteQslRaise: 766,
	},
	311: {
		siteInitURLEncoded: 489, siteInitMulti: 491, siteInitSingle: 493,
		siteURLEncodedRead: 598, siteURLEncodedQsl: 605,
		siteMultiBoundary: 618, siteMultiPart: 666,
		siteMultiMaxFields: 675, siteSingleBinary: 686, siteBinaryWrite: 708,
		siteQslRaise: 770,
	},
	312: {
		siteInitURLEncoded: 489, siteInitMulti: 491, siteInitSingle: 493,
		siteURLEncodedRead: 598, siteURLEncodedQsl: 605,
		siteMultiBoundary: 618, siteMultiPart: 666,
		siteMultiMaxFields: 675, siteSingleBinary: 686, siteBinaryWrite: 708,
		siteQslRaise: 778,
	},
}

// lineOf is the line of site in the interpreter minor, 0 if unknown.
func lineOf(minor int, s site) int {
	return lines[minor][s]
}

// fileOf is the source file, under Lib/, of the function fn.
func fileOf(fn string) string {
	switch {
	case strings.HasPrefix(fn, "urllib.parse."):
		return "urllib/parse.py"
	case strings.HasPrefix(fn, "urlparse."):
		return "urlparse.py"
	case strings.HasPrefix(fn, "socket."):
		return "socket.py"
	case strings.HasPrefix(fn, "rfc822."):
		return "rfc822.py"
	}
	return "cgi.py"
}
