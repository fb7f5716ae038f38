package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed table is what the generator writes from the x/text in go.mod: an upgrade
// that changes a decomposition fails here until `go run ./cmd/screenfold` is run.
func TestTableIsCurrent(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../" + target)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, want) {
		t.Fatalf("%s is not current: run go run ./cmd/screenfold", target)
	}
}
