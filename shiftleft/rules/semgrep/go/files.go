// Test cases for files.yaml (semgrep --test). Never compiled or run.
package files

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
)

const baseDir = "/srv/files"

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: shiftleft.go.path-traversal
	f, err := os.Open(filepath.Join(baseDir, name))
	if err == nil {
		f.Close()
	}
	p := baseDir + "/" + r.FormValue("doc")
	// ruleid: shiftleft.go.path-traversal
	data, _ := os.ReadFile(p)
	_ = data
	// ruleid: shiftleft.go.path-traversal
	http.ServeFile(w, r, filepath.Join("static", r.URL.Query().Get("p")))
	// ruleid: shiftleft.go.path-traversal
	os.Remove(filepath.Join(baseDir, r.PathValue("id")))

	// ok: shiftleft.go.path-traversal
	os.Open(filepath.Join(baseDir, filepath.Base(name)))
	// ok: shiftleft.go.path-traversal
	os.ReadFile(filepath.Join(baseDir, filepath.Clean("/"+name)))
	// ok: shiftleft.go.path-traversal
	os.ReadFile(filepath.Join(baseDir, "index.html"))
	// ok: shiftleft.go.path-traversal
	http.ServeFile(w, r, "static/index.html")
}

func downloadChecked(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("file")
	if !filepath.IsLocal(name) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	// ok: shiftleft.go.path-traversal
	os.Open(filepath.Join(baseDir, name))
}

func downloadPrefix(w http.ResponseWriter, r *http.Request) {
	full := filepath.Clean(filepath.Join(baseDir, r.FormValue("file")))
	if !strings.HasPrefix(full, baseDir+string(os.PathSeparator)) {
		return
	}
	// ok: shiftleft.go.path-traversal
	os.Open(full)
}

func uploadGin(c *gin.Context) {
	file, _ := c.FormFile("upload")
	// ruleid: shiftleft.go.path-traversal
	os.WriteFile(filepath.Join("uploads", file.Filename), nil, 0o600)
	// ok: shiftleft.go.path-traversal
	os.WriteFile(filepath.Join("uploads", filepath.Base(file.Filename)), nil, 0o600)
	// ruleid: shiftleft.go.path-traversal
	c.File("public/" + c.Param("name"))
}

func unzip(src, dest string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		target := filepath.Join(dest, f.Name)
		if f.FileInfo().IsDir() {
			// ruleid: shiftleft.go.archive-path-traversal
			os.MkdirAll(target, 0o755)
			continue
		}
		// ruleid: shiftleft.go.archive-path-traversal
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, f.Mode())
		if err != nil {
			return err
		}
		rc, _ := f.Open()
		// ruleid: shiftleft.go.decompression-bomb
		io.Copy(out, rc)
	}
	return nil
}

func unzipSafe(zr *zip.Reader, dest string) error {
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) {
			return errors.New("bad entry")
		}
		target := filepath.Join(dest, f.Name)
		// ok: shiftleft.go.archive-path-traversal
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		rc, _ := f.Open()
		// ok: shiftleft.go.decompression-bomb
		io.Copy(out, io.LimitReader(rc, 10<<20))
	}
	return nil
}

func untar(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		path := filepath.Join(dest, hdr.Name)
		switch hdr.Typeflag {
		case tar.TypeSymlink:
			// ruleid: shiftleft.go.archive-path-traversal
			os.Symlink(hdr.Linkname, path)
		case tar.TypeReg:
			// ruleid: shiftleft.go.archive-path-traversal
			f, _ := os.Create(path)
			io.CopyN(f, tr, hdr.Size)
		}
	}
}

func untarSafe(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		target := filepath.Join(dest, hdr.Name)
		if !strings.HasPrefix(target, filepath.Clean(dest)+string(os.PathSeparator)) {
			return errors.New("entry outside destination")
		}
		// ok: shiftleft.go.archive-path-traversal
		f, _ := os.Create(target)
		// ok: shiftleft.go.archive-path-traversal
		os.Create(filepath.Join(dest, filepath.Base(hdr.Name)))
		f.Close()
	}
}

func gunzip(r io.Reader, w io.Writer) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	// ruleid: shiftleft.go.decompression-bomb
	_, err = io.Copy(w, zr)
	return err
}

func gunzipAll(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	// ruleid: shiftleft.go.decompression-bomb
	return io.ReadAll(zr)
}

func gunzipLimited(r io.Reader, w io.Writer) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	// ok: shiftleft.go.decompression-bomb
	_, err = io.CopyN(w, zr, 50<<20)
	var buf bytes.Buffer
	// ok: shiftleft.go.decompression-bomb
	io.Copy(&buf, r)
	return err
}

func perms(data []byte) {
	// ruleid: shiftleft.go.file-world-writable
	os.WriteFile("/usr/local/bin/app-hook", data, 0777)
	// ruleid: shiftleft.go.file-world-writable
	os.Chmod("/var/lib/app/state.json", 0o666)
	// ok: shiftleft.go.file-world-writable
	os.OpenFile("/var/lib/app/state.json", os.O_CREATE|os.O_WRONLY, 0666)
	// ruleid: shiftleft.go.file-world-writable
	os.Chmod("/var/lib/app/run.sh", os.ModePerm)
	// ok: shiftleft.go.file-world-writable
	os.WriteFile("/etc/app/config.json", data, 0o600)
	// ok: shiftleft.go.file-world-writable
	os.MkdirAll("/var/lib/app", 0755)
	// ok: shiftleft.go.file-world-writable
	os.OpenFile("/var/log/app.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0644)
}

func temp(data []byte, name string) {
	// ruleid: shiftleft.go.predictable-temp-file
	os.WriteFile("/tmp/app-cache.json", data, 0o600)
	// ruleid: shiftleft.go.predictable-temp-file
	os.Create(filepath.Join(os.TempDir(), "report.csv"))
	// ruleid: shiftleft.go.predictable-temp-file
	os.Create("/tmp/" + name)
	// ok: shiftleft.go.predictable-temp-file
	os.CreateTemp("", "report-*.csv")
	// ok: shiftleft.go.predictable-temp-file
	os.Create("/var/lib/app/report.csv")
	dir, _ := os.MkdirTemp("", "work")
	// ok: shiftleft.go.predictable-temp-file
	os.Create(filepath.Join(dir, "report.csv"))
}

func untarOwnCheck(tr *tar.Reader, dest string) error {
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		if containsDotDot(hdr.Name) {
			return errors.New("entry contains ..")
		}
		// ok: shiftleft.go.archive-path-traversal
		os.MkdirAll(filepath.Join(dest, hdr.Name), 0o755)
	}
}

func untarChecked(tr *tar.Reader, dest string) error {
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		if strings.Contains(hdr.Name, "..") {
			continue
		}
		// ok: shiftleft.go.archive-path-traversal
		os.MkdirAll(filepath.Join(dest, hdr.Name), 0o755)
	}
}
