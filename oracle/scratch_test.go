package oracle

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

func TestScratchLength(t *testing.T) {
	if scratchBase() != "/dev/shm" {
		t.Skip("HTTPSIM_ORACLE_TMP moves the scratch directories; get_listing_query_bad_utf8 will differ under 3.6 and 3.7")
	}
	dir, err := makeScratch()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if www := filepath.Join(dir, "www"); len(www) != len(corpus.RecordedRoot) {
		t.Errorf("served directory %q has %d bytes, corpus.RecordedRoot %d", www, len(www), len(corpus.RecordedRoot))
	}
}
