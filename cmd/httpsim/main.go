// Command httpsim runs the http.server simulator.
//
//	httpsim serve [--python X.Y] [--handler NAME] [--server CLASS] [-b ADDR] [-d DIR] [-p HTTP/1.0|HTTP/1.1] [PORT]
//	httpsim request [--python X.Y] [--handler NAME] [--server CLASS] [-d DIR] [-p VERSION] [--trace FILE] < request
//	httpsim web [-b ADDR] [PORT]
//
// serve is a drop-in for python -m http.server: real TCP, the files of
// DIR as they are at each request, the same start-up line on stdout, the
// same log on stderr. request runs the raw bytes on stdin through the
// simulator and writes the response bytes to stdout. web serves the
// browser page.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
)

const usage = `usage:
  httpsim serve   [--python X.Y] [--handler NAME] [--server CLASS] [-b ADDR] [-d DIR] [-p VERSION] [PORT]
  httpsim request [--python X.Y] [--handler NAME] [--server CLASS] [-d DIR] [-p VERSION] [--trace FILE] < request
  httpsim web     [-b ADDR] [PORT]
  httpsim versions | handlers
`

func main() {
	log.SetPrefix("httpsim: ")
	log.SetFlags(0)
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "serve":
		err = serve(args)
	case "request":
		err = request(args)
	case "web":
		err = webCmd(args)
	case "versions":
		err = versions()
	case "handlers":
		err = handlers()
	case "-h", "-help", "--help", "help":
		fmt.Print(usage)
	default:
		err = fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
	var code exitError
	switch {
	case errors.As(err, &code):
		os.Exit(int(code))
	case err != nil:
		log.Print(err)
		os.Exit(1)
	}
}
