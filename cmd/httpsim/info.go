package main

import (
	"fmt"

	"github.com/httpsim/httpsim/sim"
)

func versions() error {
	for _, p := range sim.Profiles() {
		fmt.Printf("%-5s %s\n", p.Name, p.Version)
	}
	return nil
}

func handlers() error {
	for _, h := range sim.Handlers() {
		fmt.Printf("%-7s %-26s %s\n", h.Name, h.Class, h.Description)
	}
	return nil
}
