module github.com/httpsim/httpsim

go 1.26
