// Every page: the language picker in the header applies to every page and persists (a cookie the server
// reads, and localStorage for the chat); "detect automatically" clears the choice and follows the browser.
const picker = document.getElementById('lang');
if (picker) {
  picker.addEventListener('change', () => {
    const value = picker.value;
    if (value) {
      document.cookie = `lang=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`;
      localStorage.setItem('lang', value);
    } else {
      document.cookie = 'lang=; Path=/; Max-Age=0; SameSite=Lax';
      localStorage.removeItem('lang');
    }
    // Reload without a ?lang= that would override the choice; the chat keeps its history in localStorage.
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    location.replace(url.toString());
  });
}
