package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"github.com/citybureau/renewal/internal/source"
	"io"
	"path"
	"strings"
)

// The bounds on one workbook's parts, each also held to Limits.FileBytes
// when that is smaller. A filled-in 填报 sheet of a few hundred rows
// expands to well under a megabyte; the bounds leave room for 10,000
// rows of long notes while keeping what one hostile file can cost in
// memory to a few times its own size.
const (
	maxEntries      = 10_000   // zip entries; an xlsx has a few dozen
	maxSheetBytes   = 64 << 20 // the 填报 sheet's XML, streamed, never held
	maxStringsBytes = 32 << 20 // sharedStrings.xml, held as text
	maxStylesBytes  = 8 << 20  // styles.xml
	maxSmallBytes   = 4 << 20  // workbook.xml and relationship parts
	maxRun          = 1 << 20  // one tag, or the text between two tags
	// maxTextBytes bounds the text of the 填报 sheet's cells, a shared
	// string counted at each cell that refers to it: what the workbook
	// expands to once read, where a 47 KB file of cells that all refer to
	// one 32,767-character string would otherwise make half a gigabyte.
	maxTextBytes = 64 << 20

	// XML tokens (see xmlReader) per part: the sheet may have 300 a row
	// of the row limit, 17 columns of inline strings taking 120.
	tokensPerRow     = 300
	maxStrings       = 1_000_000
	maxStringsTokens = 6 * maxStrings
	maxSmallTokens   = 1_000_000
	maxRows          = 1 << 20 // Excel's last row
	maxCellChars     = 32767   // Excel's most characters in a cell
	maxCellBytes     = maxCellChars * 4
)

// fault is a problem with the whole file, reported at 0, 0: a code of
// source.Words and its arguments.
type fault struct {
	code string
	args []string
}

func (f fault) Error() string { return source.English(f.code, f.args) }

// faultc is the fault of code with args, each as text.
func faultc(code string, args ...any) fault {
	f := fault{code: code, args: make([]string, len(args))}
	for i, a := range args {
		f.args[i] = fmt.Sprint(a)
	}
	return f
}

// faultf is a fault of a damaged file, which says how in English (the
// Chinese wording wraps it): the part and the place a clerk cannot
// mend, only send again.
func faultf(format string, args ...any) fault {
	return faultc(source.WorkbookDamaged, fmt.Sprintf(format, args...))
}

var (
	oleMagic  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encrypted = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
	zipMagic  = []byte("PK\x03\x04")
	emptyZip  = []byte("PK\x05\x06")
	cdMagic   = []byte("PK\x01\x02")
)

// archive is an opened workbook package: its zip entries by part name.
type archive struct {
	parts map[string]*zip.File // by lower-cased part name, without a leading /
	limit int64                // Limits.FileBytes
}

// openArchive checks what kind of file data is and opens it as a zip
// archive, with a clear word for each way it is not an xlsx workbook.
func openArchive(data []byte, limit int64) (*archive, error) {
	switch {
	case len(data) == 0:
		return nil, faultc(source.WorkbookEmpty)
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, encrypted) {
			return nil, faultc(source.WorkbookEncrypted)
		}
		return nil, faultc(source.WorkbookXLS)
	case !bytes.HasPrefix(data, zipMagic) && !bytes.HasPrefix(data, emptyZip):
		return nil, faultc(source.WorkbookNotXLSX, guessKind(data))
	}
	// archive/zip builds a File for every central-directory header it
	// finds, whatever the end record says, so a file of nothing but
	// headers would cost some five times its size. Each header starts
	// with its signature: counting them bounds the entries first.
	if n := bytes.Count(data, cdMagic); n > maxEntries {
		return nil, faultf("the zip archive has %d entries, more than the limit of %d; an xlsx workbook has a few dozen", n, maxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, faultc(source.WorkbookZipDamaged, zipReason(err))
	}
	a := &archive{parts: make(map[string]*zip.File, len(zr.File)), limit: limit}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := a.parts[name]; !dup {
			a.parts[name] = f
		}
	}
	return a, nil
}

// guessKind names what a file that is not a zip archive seems to be.
func guessKind(data []byte) string {
	head := data[:min(len(data), 512)]
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		return "it is HTML or XML text, as some systems export under an .xlsx name"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "it is a PDF document"
	case bytes.IndexByte(head, 0) < 0:
		return "it is plain text, such as CSV or YAML"
	}
	return "it is not a zip archive"
}

func zipReason(err error) string {
	switch {
	case errors.Is(err, zip.ErrFormat):
		return "not a valid zip file"
	case errors.Is(err, zip.ErrAlgorithm):
		return "an unsupported compression method"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "cut off"
	}
	return err.Error()
}

// has reports whether the archive holds the part name.
func (a *archive) has(name string) bool {
	_, ok := a.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return ok
}

// open returns a reader of part name that fails once it has expanded to
// more than max bytes (or Limits.FileBytes, when smaller), so that a zip
// bomb costs no more than the bound in time and nothing in memory. It
// returns nil, nil when the archive has no such part.
func (a *archive) open(name string, max int64) (io.ReadCloser, error) {
	f, ok := a.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, nil
	}
	if a.limit > 0 && a.limit < max {
		max = a.limit
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, faultf("the part %s of the workbook expands to %d bytes, more than the limit of %d (a zip bomb?)", shorten(f.Name), f.UncompressedSize64, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, faultf("the part %s of the workbook cannot be read (%s); the file is damaged", shorten(f.Name), zipReason(err))
	}
	return &boundedPart{rc: rc, name: f.Name, left: max, max: max}, nil
}

// boundedPart reads one part of the archive, holding it to a size and
// naming it in the errors of a damaged archive.
type boundedPart struct {
	rc        io.ReadCloser
	name      string
	left, max int64
}

func (p *boundedPart) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, faultf("the part %s of the workbook expands to more than %d bytes, the limit (a zip bomb?)", shorten(p.name), p.max)
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.rc.Read(b)
	p.left -= int64(n)
	if err != nil && err != io.EOF {
		err = faultf("the part %s of the workbook cannot be read (%s); the file is damaged or cut off", shorten(p.name), zipReason(err))
	}
	return n, err
}

func (p *boundedPart) Close() error { return p.rc.Close() }

// resolve returns the part a relationship of part from points at.
func resolve(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	return strings.TrimPrefix(path.Join(path.Dir(from), target), "/")
}

// relsOf returns the name of the relationships part of part name.
func relsOf(name string) string {
	dir, file := path.Split(name)
	return dir + "_rels/" + file + ".rels"
}
