// Package browser holds kam's real-browser tests: a headless Chromium, driven
// through the DevTools protocol by chromedp, signs in and uses the web pages
// of a server over a small demo portfolio, and fails on any JavaScript error
// or Content-Security-Policy violation. The package has no code of its own;
// run its tests with
//
//	go test ./browser/ -v
//
// They skip when Chromium is not installed, unless KAM_BROWSER_REQUIRED=1 (as
// in CI). A failing test leaves a screenshot and the page's HTML in
// $KAM_BROWSER_SHOTS, or else in kam-browser-shots under the temporary
// directory.
package browser
