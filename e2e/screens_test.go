package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestScreenshots keeps the page at 1440 and 390 px, light and dark,
// with a frame selected so that its bytes and log lines are lit, for a
// person to look at (artifacts/e2e/learner-*.png). Nothing may be wider
// than the screen.
func TestScreenshots(t *testing.T) {
	for _, width := range []int64{1440, 390} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprintf("%d-%s", width, scheme), func(t *testing.T) {
				p := openWith(t, baseURL+"#scenario=seed-get", width, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
					return err
				}))
				defer p.close()
				p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="raw"]`)),
					chromedp.Click(chromedp.CSS(`#trace .frame[data-fn$=".handle_one_request"] .name`)))
				if w := eval[float64](p, `document.documentElement.scrollWidth`); w > float64(width) {
					t.Errorf("the page scrolls sideways at %d px: scrollWidth %v", width, w)
				}
				p.screenshot(fmt.Sprintf("learner-%d-%s", width, scheme))
				if width < 760 {
					// The full page is too tall to read at once: keep screens.
					for i, y := range []int{0, 900, 1800, 2700} {
						eval[any](p, fmt.Sprintf(`window.scrollTo(0, %d)`, y))
						buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(filepath.Join(artifacts, fmt.Sprintf("learner-%d-%s-screen%d.png", width, scheme, i+1)), buf, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			})
		}
	}
}
