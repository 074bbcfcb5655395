package sqldb

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"kith"
)

// MinFreeBytes is the least free space the disk holding a SQLite database
// must have for Kith to call itself healthy (unless DB.MinFree says
// otherwise): room for the write-ahead log to grow to the point the writer
// checkpoints it (walCheckpointPages) and for the database file to take
// those pages, with some to spare. Operators should keep far more (see
// docs/operating.md).
const MinFreeBytes = 256 << 20

// probeEvery is how often, at most, /healthz tries a write while writing
// has been failing.
const probeEvery = 2 * time.Second

// cannotWrite reports failures that mean the database cannot write just
// now, whatever is written: a full disk, an I/O error, a database out of
// resources. They are recognised by the driver's code.
func cannotWrite(err error) bool {
	if err == nil {
		return false
	}
	switch pgCode(err) {
	case "53100", "53000", "58030": // disk_full, insufficient_resources, io_error
		return true
	}
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}

// writeHealth is whether the database could write when it last tried.
type writeHealth struct {
	mu        sync.Mutex
	failing   bool
	since     time.Time
	reason    string
	lastProbe time.Time
}

func (h *writeHealth) failed(at time.Time, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.failing {
		h.failing, h.since = true, at
	}
	h.reason = err.Error()
}

func (h *writeHealth) wrote() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failing = false
}

// unavailable turns a failure to write into the error users see, keeping
// the detail for the log.
func (db *DB) unavailable(err error) error {
	db.health.failed(db.Now(), err)
	db.Log.Error("the database cannot write", "err", err)
	return kith.Errorf(kith.EUNAVAILABLE, "%s", kith.CannotSaveMessage)
}

// WriteHealth says whether the database can write: nil, or why not. While
// writes have been failing it tries one itself (at most every few
// seconds), so that health comes back as soon as the disk has room again,
// whether or not anyone has saved since. On SQLite it also checks the free
// space on the database's disk, so the warning comes before writes fail.
func (db *DB) WriteHealth(ctx context.Context) error {
	if db.Dialect == SQLite {
		least := db.minFree()
		if free, err := freeBytes(filepath.Dir(db.DSN)); err == nil && free < least {
			return fmt.Errorf("the disk holding the database has %d MB free; Kith needs at least %d MB to save records safely", free>>20, least>>20)
		}
	}
	db.health.mu.Lock()
	failing, since, reason := db.health.failing, db.health.since, db.health.reason
	probe := failing && time.Since(db.health.lastProbe) >= probeEvery
	if probe {
		db.health.lastProbe = time.Now()
	}
	db.health.mu.Unlock()
	if !failing {
		return nil
	}
	if probe {
		err := db.write(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE write_probe SET at = $1 WHERE id = 1`, ts(tx.now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				_, err = tx.ExecContext(ctx, `INSERT INTO write_probe (id, at) VALUES (1, $1)`, ts(tx.now))
			}
			return err
		})
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("the database cannot write (since %s): %s", since.UTC().Format(time.RFC3339), reason)
}

// freeBytes is the space free to unprivileged writers on dir's disk.
func freeBytes(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// ErrLowOnSpace stops derived writing (the writing coach's index) while the
// disk holding a SQLite database has less than its minimum free: what room
// is left is kept for the record itself. The index catches up once there
// is room again; records waiting are found from its queue meanwhile.
var ErrLowOnSpace = errors.New("the disk is low on space: the copy-paste index waits so records can still be saved")

// lowOnSpace reports whether a SQLite database's disk has less free than
// it must keep.
func (db *DB) lowOnSpace() bool {
	if db.Dialect != SQLite {
		return false
	}
	free, err := freeBytes(filepath.Dir(db.DSN))
	return err == nil && free < db.minFree()
}

func (db *DB) minFree() uint64 {
	if db.MinFree == 0 {
		return MinFreeBytes
	}
	return db.MinFree
}

// isUnavailable reports an error that says the database cannot write.
func isUnavailable(err error) bool {
	var e *kith.Error
	return errors.As(err, &e) && e.Code == kith.EUNAVAILABLE
}
