// The seller center's frame: switching shop opens the same page for the other shop.
document.getElementById('shop-switcher').addEventListener('change', (event) => {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ shop: event.target.value }).toString();
  location.assign(url);
});
