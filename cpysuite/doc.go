// Package cpysuite runs CPython's own tests of http.server against
// `httpsim serve`: each interpreter's test.test_httpservers
// SimpleHTTPServerTestCase (from its own standard library, never copied
// here), with the suite's in-process server thread replaced by an httpsim
// process serving the test's directory. See runner.py, and the test in
// this package, which runs it for every profile.
package cpysuite
