"""Writes the small seed inputs the fuzz targets start from (run from fuzz/:
/usr/bin/python3 seeds/make.py). Seeds are hand-made, not copied from the
evaluation texts."""
import io, struct, zlib
from PIL import Image, ImageDraw

def w(path, data):
    open(path, "wb").write(data if isinstance(data, bytes) else data.encode())

# repair: first byte picks the OCR model (even: vie, odd: eng).
w("seeds/repair/eng-header", b"\x01UBND THANH PHO HAI PHONG  CONG HOA XA HQI CHU NGHIA VIET NAM\nS6:1168 /KH-SGDDT Hai Phong, ngay 03 thang 3 nam 2026\nKiem soat thi tuc hanh chinh va thuc hien co che mgt ctra\n")
w("seeds/repair/vie-body", "\x00Căn cứ Quyết định số 714/QĐ-UBND ngày 27 tháng 02 năm 2026 của thỦ tướng;\nCƠ quan chủ trì: Văn phòng Sở, Trung tâm Phục vụ hành chính công.\nTập ưung thực hiện ND-CP, QD-UBND, SGDDT; e-mail: vp@haiphong.gov.vn\n")
w("seeds/repair/stripped", "\x00ke hoach kiem soat thu tuc hanh chinh nam 2026 cua so giao duc va dao tao\n\n  IV. To chuc thuc hien ; 1.2.3 https://dichvucong.gov.vn\n")

# records: rows on lines, cells split by |, "\\" a line break inside a cell,
# a blank line starts the next page.
w("seeds/records/plan", "STT|Nội dung công việc|Đơn vị chủ trì|Đơn vị phối hợp|Sản phẩm|Thời gian hoàn thành\n"
  "I|CÔNG TÁC CHỈ ĐẠO\n1|Ban hành kế hoạch|Văn phòng Sở|Các phòng, đơn vị thuộc Sở|Kế hoạch|Trước ngày 30/5/2026\n"
  "2|Rà soát thủ tục|Phòng A; Phòng B|- Sở Tư pháp\\- UBND cấp xã|Báo cáo|Quý II năm 2026\n"
  "\nSTT|Nội dung công việc|Đơn vị chủ trì|Đơn vị phối hợp|Sản phẩm|Thời gian hoàn thành\n"
  "|tiếp tục rà soát|||| \nII|KIỂM TRA\n3|Kiểm tra|Thanh tra Sở||Kết luận|Từ tháng 4 đến tháng 11/2026\n"
  "4|Tuyên truyền|Văn phòng|||Thường xuyên\n5|Báo cáo|Văn phòng|||Hằng quý, trước ngày 15 tháng cuối quý\n")
w("seeds/records/other-order", "TT|Nhiệm vụ|Thời hạn hoàn thành|Cơ quan chủ trì|Cơ quan, đơn vị phối hợp|Kết quả, sản phẩm|Ghi chú\n"
  "1|Xây dựng quy chế|Tháng 6/2026|Sở Nội vụ|Sở Tư pháp, Sở Tài chính|Quyết định|\n"
  "1.1|Lấy ý kiến|chậm nhất ngày 01/09/2026|Sở Nội vụ|||\n2|Tổng kết|Năm 2026|UBND tỉnh|||x\n")

# header: a document's first lines as OCR lays them out.
w("seeds/header/plan", "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ HẢI PHÒNG  Độc lập - Tự do - Hạnh phúc\n"
  "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1168/KH-SGDĐT  Hải Phòng, ngày 03 tháng 3 năm 2026\nKẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2026\n"
  "Căn cứ Luật Tổ chức chính quyền địa phương;\nGIÁM ĐỐC\nNguyễn Văn A\n")
w("seeds/header/decision-eng", "UBND PHUONG HAI DUONG  CONG HOA XA HQI CHU NGHIA VIET NAM\nS6: 12/QD-UBND  Hai Duong, ngay 5 thang 01 nam 2026\n"
  "QUYET DINH\nVe viec ban hanh ke hoach\nCHU TICH\n")

# source: tiny files of each kind.
def pdf(objs):
    out = b"%PDF-1.7\n"; offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
content = (b"BT /F1 12 Tf 72 770 Td (KE HOACH so 12/KH-UBND) Tj ET\n"
           b"1 w 72 700 m 520 700 l S 72 680 m 520 680 l S 72 660 m 520 660 l S\n"
           b"72 660 m 72 700 l S 120 660 m 120 700 l S 520 660 m 520 700 l S\n"
           b"BT /F1 10 Tf 76 686 Td (STT) Tj 50 0 Td (Noi dung cong viec) Tj ET\n")
page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
w("seeds/source/text.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", page]))
img = Image.new("1", (160, 60), 1)
d = ImageDraw.Draw(img); d.rectangle([5, 5, 150, 50], outline=0); d.line([40, 5, 40, 50], fill=0); d.text((50, 20), "KE HOACH", fill=0)
for name, fmt, kw in [("scan.png", "PNG", {}), ("scan.tif", "TIFF", {"compression": "group4"})]:
    b = io.BytesIO(); img.save(b, fmt, dpi=(300, 300), **kw); w("seeds/source/" + name, b.getvalue())
b = io.BytesIO(); img.convert("L").save(b, "JPEG", quality=30); w("seeds/source/scan.jpg", b.getvalue())
w("seeds/source/plan.txt", "KẾ HOẠCH\nSố: 5/KH-UBND\n")
