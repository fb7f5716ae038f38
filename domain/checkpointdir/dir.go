// Package checkpointdir keeps the audit chain's signed checkpoints as files in a directory
// outside the database: one file per checkpoint, named by the event it vouches for, created
// with O_EXCL and never rewritten, renamed or removed by Pathways. It implements
// domain.CheckpointLog. Making the directory itself append-only for everyone else (WORM or
// object-lock storage it is copied to, a remote host) is the deployment's part: see the
// README's security section.
package checkpointdir

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"pathways/domain"
)

// suffix ends every checkpoint file's name; anything else in the directory is ignored.
const suffix = ".checkpoint"

// Dir is a directory of checkpoint files.
type Dir struct {
	path string
}

// Open uses the directory at path, creating it (readable by its owner only) if missing.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("audit checkpoint directory %s: %w", path, err)
	}
	return &Dir{path: path}, nil
}

// Path is the directory's path.
func (d *Dir) Path() string { return d.path }

// FileName is the name of the file holding the checkpoint for event seq: zero-padded, so
// names sort in the order of the events.
func FileName(seq int64) string { return fmt.Sprintf("%020d%s", seq, suffix) }

// Append writes c to a new file. The file is created with O_EXCL, so an existing
// checkpoint is never replaced: if one for the same event is there already and vouches for
// the same hash (another server wrote it), Append does nothing; if it vouches for another
// hash, Append fails with an error wrapping fs.ErrExist, and the older file stands.
func (d *Dir) Append(_ context.Context, c domain.Checkpoint) error {
	name := filepath.Join(d.path, FileName(c.Seq))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if errors.Is(err, fs.ErrExist) {
		old := d.read(FileName(c.Seq))
		if old.Fault == "" && slices.Equal(old.Head, c.Head) {
			return nil
		}
		return fmt.Errorf("audit checkpoint %s exists and vouches for another head of event %d: not replaced: %w", name, c.Seq, fs.ErrExist)
	}
	if err != nil {
		return fmt.Errorf("audit checkpoint %s: %w", name, err)
	}
	_, err = f.Write(c.Encode())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A part-written file would read as a fault forever; take it away if the directory
		// lets us (an append-only one does not, and the fault then stands as a record).
		_ = os.Remove(name)
		return fmt.Errorf("audit checkpoint %s: %w", name, err)
	}
	// The new name must survive a crash too.
	if dir, err := os.Open(d.path); err == nil {
		err = dir.Sync()
		dir.Close()
		if err != nil {
			return fmt.Errorf("audit checkpoint directory %s: %w", d.path, err)
		}
	}
	return nil
}

// names lists the checkpoint files, newest (highest event) first.
func (d *Dir) names() ([]string, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("audit checkpoint directory %s: %w", d.path, err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), suffix) && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	// Well-formed names are zero-padded numbers, so their order is the events'; any other
	// name sorts by itself after them and is reported as a fault when read.
	slices.SortFunc(out, func(a, b string) int {
		sa, sb := seqOf(a), seqOf(b)
		if c := cmp.Compare(sb, sa); c != 0 {
			return c
		}
		return strings.Compare(b, a)
	})
	return out, nil
}

// seqOf reads the event number a well-formed file name stands for; 0 for any other name.
func seqOf(name string) int64 {
	digits := strings.TrimSuffix(name, suffix)
	if len(digits) != 20 {
		return 0
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// read parses one file; what cannot be read comes back with its Fault.
func (d *Dir) read(name string) domain.Checkpoint {
	b, err := os.ReadFile(filepath.Join(d.path, name))
	if err != nil {
		return domain.Checkpoint{Name: name, Seq: seqOf(name), Fault: "unreadable: " + err.Error()}
	}
	c, err := domain.ParseCheckpoint(b)
	c.Name = name
	if err != nil {
		return domain.Checkpoint{Name: name, Seq: seqOf(name), Fault: "malformed: " + err.Error()}
	}
	if n := seqOf(name); n != c.Seq {
		// Listed under its name's place, so pages follow the names.
		c.Fault = "its name does not match the event it vouches for (" + strconv.FormatInt(c.Seq, 10) + ")"
		c.Seq = n
	}
	return c
}

// Latest is the checkpoint for the highest event, or nil when the directory holds none.
func (d *Dir) Latest(_ context.Context) (*domain.Checkpoint, error) {
	names, err := d.names()
	if err != nil || len(names) == 0 {
		return nil, err
	}
	c := d.read(names[0])
	return &c, nil
}

// List returns checkpoints newest first: below beforeSeq when it is above zero, at most
// limit when limit is above zero. Files that cannot be read are listed with their Fault.
func (d *Dir) List(_ context.Context, beforeSeq int64, limit int) ([]domain.Checkpoint, error) {
	names, err := d.names()
	if err != nil {
		return nil, err
	}
	var out []domain.Checkpoint
	for _, n := range names {
		if beforeSeq > 0 && seqOf(n) >= beforeSeq {
			continue
		}
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, d.read(n))
	}
	return out, nil
}
