// Keyboard habits of the whole app: "/" or Ctrl+K searches (the app bar's box, or the search page on a phone);
// Escape closes the phone's menu drawer. And the browser's time zone, for the dates the server writes.
(() => {
    // The server shows dates in the browser's time zone: it reads it from this cookie (BrowserTime.cs).
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && !document.cookie.split('; ').includes('wi-tz=' + encodeURIComponent(zone))) {
        document.cookie = 'wi-tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
    }

    const typing = target => target instanceof HTMLElement
        && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

    document.addEventListener('keydown', event => {
        if ((event.key === '/' && !typing(event.target)) || (event.key === 'k' && (event.ctrlKey || event.metaKey))) {
            const box = document.querySelector('[data-testid=global-search] input');
            if (box && box.offsetParent !== null) {
                event.preventDefault();
                box.focus();
                box.select();
            } else if (document.querySelector('[data-testid=global-search-phone]') && !location.pathname.endsWith('/search')) {
                event.preventDefault();
                location.assign(document.baseURI + 'search');
            }
        } else if (event.key === 'Escape') {
            const overlay = document.querySelector('.mud-overlay-drawer.mud-drawer-overlay--open');
            if (overlay) {
                overlay.click();
            }
        }
    });
})();
