'use strict';
// Times in the admin are the newsroom's (settings.TIME_ZONE), whatever the editor's computer
// says: the fields say so in their help text. Django's note that the browser is "N hours
// behind server time" would invite editors to convert by hand, so it is not added. Runs at
// load before DateTimeShortcuts.init, which this script is loaded before.
window.addEventListener('load', function() {
    if (window.DateTimeShortcuts) {
        window.DateTimeShortcuts.addTimezoneWarning = function() {};
    }
});
