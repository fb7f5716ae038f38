package checkpointdir_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/checkpointdir"
)

func sign(t *testing.T, key ed25519.PrivateKey, seq int64, head string) domain.Checkpoint {
	t.Helper()
	h := sha256.Sum256([]byte(head))
	return domain.SignCheckpoint(key, seq, h[:], time.Now())
}

func TestAppendNeverOverwrites(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	ctx := context.Background()
	d, err := checkpointdir.Open(filepath.Join(t.TempDir(), "checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	first := sign(t, key, 5, "the real head")
	if err := d.Append(ctx, first); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(d.Path(), checkpointdir.FileName(5))
	written, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(written, first.Encode()) {
		t.Fatalf("written file: %q, %v", written, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm()&0o222 != 0 {
		t.Errorf("a checkpoint file is writable: %v", st.Mode())
	}

	// Another head for the same event (a rewritten chain checkpointed again) is refused, and
	// the first file stands byte for byte.
	if err := d.Append(ctx, sign(t, key, 5, "a rewritten head")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("a second checkpoint for event 5 with another head: %v", err)
	}
	// The same head signed again (another server got there first) is no error, and changes
	// nothing either.
	if err := d.Append(ctx, sign(t, key, 5, "the real head")); err != nil {
		t.Errorf("the same head again: %v", err)
	}
	// A file already at the name, whatever it holds, is never replaced.
	junk := filepath.Join(d.Path(), checkpointdir.FileName(7))
	if err := os.WriteFile(junk, []byte("not a checkpoint\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := d.Append(ctx, sign(t, key, 7, "head 7")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("over a foreign file: %v", err)
	}
	for p, want := range map[string][]byte{path: first.Encode(), junk: []byte("not a checkpoint\n")} {
		if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
			t.Errorf("%s was changed: %q", p, got)
		}
	}
}

func TestListNewestFirstWithFaults(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	ctx := context.Background()
	d, err := checkpointdir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if latest, err := d.Latest(ctx); err != nil || latest != nil {
		t.Fatalf("empty directory: %v, %v", latest, err)
	}
	for _, seq := range []int64{3, 12, 100, 7} {
		if err := d.Append(ctx, sign(t, key, seq, "h")); err != nil {
			t.Fatal(err)
		}
	}
	// A renamed file, a file that is not a checkpoint, and files that are ignored.
	cp := sign(t, key, 4, "h")
	for name, body := range map[string][]byte{
		checkpointdir.FileName(50): cp.Encode(),
		"notes.checkpoint":         []byte("hello"),
		"README.txt":               []byte("ignored"),
		".partial.checkpoint":      []byte("ignored"),
	} {
		if err := os.WriteFile(filepath.Join(d.Path(), name), body, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	all, err := d.List(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	faults := 0
	for _, c := range all {
		seqs = append(seqs, c.Seq)
		if c.Fault != "" {
			faults++
		}
	}
	want := []int64{100, 50, 12, 7, 3, 0}
	if len(seqs) != len(want) || faults != 2 {
		t.Fatalf("listed %v with %d faults, want %v with 2", seqs, faults, want)
	}
	for i := range want {
		if seqs[i] != want[i] {
			t.Fatalf("listed %v, want %v", seqs, want)
		}
	}
	page, err := d.List(ctx, 50, 2)
	if err != nil || len(page) != 2 || page[0].Seq != 12 || page[1].Seq != 7 {
		t.Errorf("page before 50: %+v, %v", page, err)
	}
	if latest, err := d.Latest(ctx); err != nil || latest.Seq != 100 {
		t.Errorf("latest: %+v, %v", latest, err)
	}
}
