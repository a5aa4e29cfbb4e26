"""A declaration page the flows were never written for, built the way another vendor might: a
table layout (label cell, control cell), parts opened by bold paragraphs ("PHẦN A. …"), letter
and decimal numbering ("a)", "2.1."), and its own widgets — a picker whose list is drawn at the
end of <body> only while open, day/month/year boxes with placeholders feeding a hidden input, a
ward list rebuilt after the province changes, radios wrapped in their labels, hour and minute
boxes. Nothing here comes from the mock portal's widget library; "Gửi tờ khai" shows the form's
values as JSON, so a test reads back what was really entered."""

from __future__ import annotations

PAGE = r"""<!doctype html><html lang=vi><head><meta charset=utf-8><style>
.pick { display:inline-block; min-width:12em; border:1px solid #999; padding:2px 6px; cursor:pointer }
.pick-menu { position:absolute; background:#fff; border:1px solid #333 }
.pick-menu div { padding:2px 6px } .pick-menu div:hover { background:#eef }
td { padding:4px 8px; vertical-align:top }
</style></head><body>
<h1>TỜ KHAI THỬ NGHIỆM</h1>
<form id=f>
<p><b>PHẦN A. NGƯỜI KHAI</b></p>
<table>
 <tr><td>a) Họ và tên <span style="color:red">(*)</span></td><td><input name=hoTen></td></tr>
 <tr><td>b) Ngày sinh:</td><td class=date data-name=ngaySinh></td></tr>
 <tr><td>c) Giới tính:</td><td><span class=pick tabindex=0 data-name=gioiTinh data-list=sex>-- Chọn --</span></td></tr>
 <tr><td>d) Nơi sinh:</td><td>
   <label><input type=radio name=noiSinh value=VN> Trong nước</label>
   <label><input type=radio name=noiSinh value=NN> Nước ngoài</label></td></tr>
</table>
<p><b>PHẦN B. NƠI CƯ TRÚ HIỆN NAY</b></p>
<table>
 <tr><td>2.1. Tỉnh/Thành phố:</td><td><span class=pick tabindex=0 data-name=tinh data-list=province>-- Chọn --</span></td></tr>
 <tr><td>2.2. Phường/Xã:</td><td id=wardCell></td></tr>
 <tr><td>2.3. Số nhà, đường phố:</td><td><input name=soNha></td></tr>
 <tr><td>2.4. Ngày bắt đầu cư trú:</td><td><input name=ngayDenO placeholder="dd/mm/yyyy"></td></tr>
</table>
<p><b>PHẦN C. THỜI ĐIỂM KHAI</b></p>
<table>
 <tr><td>3.1. Ngày khai:</td><td class=date data-name=ngayKhai></td></tr>
 <tr><td>3.2. Lúc:</td><td><input name=gio size=2 maxlength=2 placeholder="giờ"> giờ
   <input name=phut size=2 maxlength=2 placeholder="phút"> phút</td></tr>
</table>
<button type=button id=send>Gửi tờ khai</button>
</form>
<pre id=out></pre>
<script>
const LISTS = {
  sex: ['Nam', 'Nữ'],
  province: ['Thành phố Hà Nội', 'Tỉnh Nghệ An'],
  ward_01: ['Phường Ba Đình', 'Phường Hoàn Kiếm'],
  ward_40: ['Xã Nghi Lộc', 'Phường Vinh Phú'],
};
const values = {};
let menu = null;
function closeMenu() { if (menu) { menu.remove(); menu = null; } }
function picker(el) {
  el.addEventListener('click', (ev) => {
    ev.stopPropagation();
    closeMenu();
    const box = el.getBoundingClientRect();
    menu = document.createElement('div');
    menu.className = 'pick-menu';
    menu.style.left = box.left + 'px';
    menu.style.top = (box.bottom + window.scrollY) + 'px';
    document.body.appendChild(menu);
    const mine = menu;
    setTimeout(() => {                       // the list arrives late, as from an API
      if (menu !== mine) return;
      for (const text of LISTS[el.dataset.list] || []) {
        const item = document.createElement('div');
        item.textContent = text;
        item.addEventListener('click', (e) => {
          e.stopPropagation();
          el.textContent = text;
          values[el.dataset.name] = text;
          closeMenu();
          el.dispatchEvent(new Event('change', {bubbles: true}));
        });
        mine.appendChild(item);
      }
    }, 250);
  });
}
document.addEventListener('click', closeMenu);
function dateBoxes(cell) {
  const name = cell.dataset.name;
  cell.innerHTML = '<input size=2 maxlength=2 placeholder="dd"> / <input size=2 maxlength=2 placeholder="mm">'
    + ' / <input size=4 maxlength=4 placeholder="yyyy"><input type=hidden name="' + name + '">';
  const [d, m, y, hidden] = cell.querySelectorAll('input');
  const sync = () => { hidden.value = (d.value && m.value && y.value)
    ? y.value + '-' + m.value.padStart(2, '0') + '-' + d.value.padStart(2, '0') : ''; };
  for (const box of [d, m, y]) box.addEventListener('input', sync);
}
function buildWard(code) {
  const cell = document.getElementById('wardCell');
  cell.innerHTML = '<span class=pick tabindex=0 data-name=xa data-list="ward_' + code + '">-- Chọn --</span>';
  delete values.xa;
  picker(cell.firstChild);
}
document.querySelectorAll('.pick').forEach(picker);
document.querySelectorAll('td.date').forEach(dateBoxes);
buildWard('');
document.querySelector('[data-name=tinh]').addEventListener('change', (ev) => {
  const code = ev.target.textContent === 'Thành phố Hà Nội' ? '01' : '40';
  setTimeout(() => buildWard(code), 300);     // the dependent list is rebuilt a moment later
});
document.getElementById('send').addEventListener('click', () => {
  const data = Object.fromEntries(new FormData(document.getElementById('f')));
  document.getElementById('out').textContent = JSON.stringify({...data, ...values});
});
</script></body></html>"""

#: The flow a QA engineer would write for it, with the documented verbs only.
BLOCK = """\
block: unfamiliar
portal: test
steps:
  - within: {section: "PHẦN A. NGƯỜI KHAI"}
    steps:
      - fill: {field: "Họ và tên", value: data.name}
      - fill: {field: "Ngày sinh", value: data.born}
      - choose: {field: "Giới tính", value: data.sex}
      - check: {field: "Nơi sinh", option_text: "Trong nước"}
  - within: {section: "PHẦN B. NƠI CƯ TRÚ HIỆN NAY"}
    steps:
      - choose: {field: "Tỉnh/Thành phố", value: data.address.province}
      - choose: {field: "Phường/Xã", value: data.address.commune}
      - fill: {field: "Số nhà, đường phố", value: data.address.detail}
      - fill: {field: "Ngày bắt đầu cư trú", value: data.address.since}
  - within: {section: "PHẦN C. THỜI ĐIỂM KHAI"}
    steps:
      - fill: {field: "Ngày khai", value: data.declared_on}
      - fill: {field: "Lúc", value: data.declared_at}
"""
VOCABULARY = """\
forms:
  province: ["Thành phố {}", "Tỉnh {}"]
  commune: ["Phường {}", "Xã {}"]
"""
