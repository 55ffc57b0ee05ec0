<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>CameraPane</name>
    <message>
        <location filename="../qml/screens/identify/CameraPane.qml" line="18"/>
        <source>Ông/⁠Bà vui lòng đưa mặt sau thẻ căn cước, có mã QR, vào trước camera</source>
        <translation>Please hold the back of your ID card, with the QR code, in front of the camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/CameraPane.qml" line="25"/>
        <source>Camera ở phía trên màn hình. Giữ thẻ yên trong khung như hình dưới đây.</source>
        <translation>The camera is above the screen. Hold the card still inside the frame, as in the picture below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/CameraPane.qml" line="69"/>
        <source>Đang chờ đọc thẻ…</source>
        <translation>Waiting for your card…</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/CameraPane.qml" line="78"/>
        <source>Hoặc đặt thẻ lên đầu đọc thẻ bên dưới màn hình để kiosk đọc chip.</source>
        <translation>Or place your card on the card reader below the screen so the kiosk reads its chip.</translation>
    </message>
</context>
<context>
    <name>CatalogueScreen</name>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="8"/>
        <source>Chọn thủ tục</source>
        <translation>Choose a procedure</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="9"/>
        <source>Chạm vào tên thủ tục Ông/⁠Bà muốn làm.</source>
        <translation>Touch the name of the procedure you want.</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="16"/>
        <source>Ông/⁠Bà muốn làm thủ tục nào?</source>
        <translation>Which procedure do you need?</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="27"/>
        <source>Tìm thủ tục, ví dụ: tạm trú</source>
        <translation>Search, for example: temporary residence</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="35"/>
        <source>Không tìm thấy thủ tục nào. Ông/⁠Bà thử gõ từ khác, ví dụ: khai sinh.</source>
        <translation>No procedure found. Try another word, for example: birth.</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="86"/>
        <source>Lệ phí: %1 · Thời hạn: %2</source>
        <translation>Fee: %1 · Time: %2</translation>
    </message>
</context>
<context>
    <name>ChipConfirmPane</name>
    <message>
        <location filename="../qml/screens/identify/ChipConfirmPane.qml" line="14"/>
        <source>Đây có phải là Ông/⁠Bà không?</source>
        <translation>Is this you?</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipConfirmPane.qml" line="41"/>
        <source>Ngày sinh %1 · Số định danh %2</source>
        <translation>Born %1 · ID number %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipConfirmPane.qml" line="50"/>
        <source>Đúng, tiếp tục</source>
        <translation>Yes, continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipConfirmPane.qml" line="56"/>
        <source>Không phải tôi</source>
        <translation>This is not me</translation>
    </message>
</context>
<context>
    <name>ChipKeysPane</name>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="23"/>
        <source>Kiosk đã thấy thẻ trên đầu đọc</source>
        <translation>The kiosk sees a card on the reader</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="30"/>
        <source>Để mở chip, Ông/⁠Bà nhập số định danh (12 chữ số ở mặt trước thẻ) và ngày sinh.</source>
        <translation>To open the chip, type your personal ID number (the 12 digits on the front of the card) and your date of birth.</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="36"/>
        <source>Số định danh</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="49"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="58"/>
        <source>ngày/tháng/năm</source>
        <translation>day/month/year</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="70"/>
        <source>Đọc chip</source>
        <translation>Read chip</translation>
    </message>
</context>
<context>
    <name>ChipReadingPane</name>
    <message>
        <location filename="../qml/screens/identify/ChipReadingPane.qml" line="15"/>
        <source>Đang đọc chip… Ông/⁠Bà giữ yên thẻ trên đầu đọc.</source>
        <translation>Reading the chip… Keep the card still on the reader.</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="14"/>
        <source>Đã nhận hồ sơ</source>
        <translation>Application received</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="15"/>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="17"/>
        <source>Hãy giữ biên nhận hoặc ghi lại mã hồ sơ để tra cứu kết quả.</source>
        <translation>Keep the receipt or write down the tracking code to look up the result.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="37"/>
        <source>Kiosk đã nhận hồ sơ</source>
        <translation>The kiosk has your application</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="43"/>
        <source>Mã hồ sơ</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="61"/>
        <source>Tiếp theo</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="67"/>
        <source>Kiosk gửi hồ sơ đến %1. Nếu mạng chậm, kiosk tự gửi lại; Ông/⁠Bà không cần làm gì thêm.</source>
        <translation>The kiosk sends your application to %1. If the network is slow, the kiosk tries again by itself; you do not need to do anything.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="68"/>
        <source>Thời hạn giải quyết: %1.</source>
        <translation>Processing time: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="69"/>
        <source>Nhận kết quả: %1.</source>
        <translation>Result: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="70"/>
        <source>Muốn biết hồ sơ đến đâu, Ông/⁠Bà bấm «Tra cứu hồ sơ đã nộp» ở trang đầu kiosk và nhập mã hồ sơ.</source>
        <translation>To see where your application is, press “Check an application” on the kiosk’s first screen and type the tracking code.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="103"/>
        <source>Đang in biên nhận…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="104"/>
        <source>Đã in biên nhận. Ông/⁠Bà vui lòng lấy biên nhận ở khe máy in bên dưới.</source>
        <translation>Your receipt is printed. Please take it from the printer slot below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="105"/>
        <source>Máy in đã hoạt động trở lại. Bấm In lại để lấy biên nhận.</source>
        <translation>The printer is working again. Press Print again to get your receipt.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="106"/>
        <source>Máy in chưa in được biên nhận. Hồ sơ vẫn được gửi bình thường. Ông/⁠Bà có thể chụp ảnh biên nhận dưới đây.</source>
        <translation>The printer could not print your receipt. Your application is still sent as usual. You can photograph the receipt below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="113"/>
        <source>In lại</source>
        <translation>Print again</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="9"/>
        <source>Đồng ý sử dụng thông tin</source>
        <translation>Agree to the use of your details</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="10"/>
        <source>Đồng ý và tiếp tục</source>
        <translation>I agree, continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="12"/>
        <source>Kiosk cần Ông/⁠Bà đồng ý trước khi đọc thông tin trên thẻ căn cước.</source>
        <translation>The kiosk needs your agreement before it reads your ID card.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="18"/>
        <source>Không đồng ý, quay về màn hình chính</source>
        <translation>I do not agree, back to the start</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="28"/>
        <source>Kiosk sẽ đọc thông tin trên thẻ căn cước của Ông/⁠Bà</source>
        <translation>The kiosk will read the details on your ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="35"/>
        <source>Thông tin được đọc</source>
        <translation>What is read</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="35"/>
        <source>Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi thường trú.</source>
        <translation>Full name, personal ID number, date of birth, sex, permanent residence.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="36"/>
        <source>Để làm gì</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="36"/>
        <source>Điền sẵn vào hồ sơ, Ông/⁠Bà không phải gõ lại.</source>
        <translation>To fill in your application, so you do not have to type it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="37"/>
        <source>Ai nhận thông tin</source>
        <translation>Who receives it</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="37"/>
        <source>Chỉ cơ quan giải quyết hồ sơ, qua Cổng dịch vụ công Hà Nội.</source>
        <translation>Only the office that handles your application, through the Hanoi public-service portal.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="38"/>
        <source>Lưu bao lâu</source>
        <translation>How long it is kept</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="38"/>
        <source>Kiosk xóa thông tin cá nhân sau khi hồ sơ đã gửi đến cơ quan. Màn hình được xóa ngay khi Ông/⁠Bà bấm Hoàn tất.</source>
        <translation>The kiosk deletes your personal details once the application has reached the office. The screen is cleared as soon as you press Finish.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="23"/>
        <source>THÀNH PHỐ HÀ NỘI</source>
        <translation>HANOI CITY</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="29"/>
        <source>Dịch vụ công trực tuyến</source>
        <translation>Online public services</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="46"/>
        <source>Nộp hồ sơ thủ tục hành chính ngay tại sảnh tòa nhà</source>
        <translation>Submit public-service applications right here in your building&apos;s lobby</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="53"/>
        <source>Đăng ký tạm trú, khai sinh, lý lịch tư pháp và nhiều thủ tục khác. Ông/⁠Bà chỉ cần mang theo thẻ căn cước.</source>
        <translation>Temporary residence, birth registration, criminal-record certificates and more. All you need is your ID card.</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="69"/>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="75"/>
        <source>Tra cứu hồ sơ đã nộp</source>
        <translation>Check an application</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="84"/>
        <source>Tổng đài hỗ trợ: %1</source>
        <translation>Help line: %1</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="16"/>
        <source>Đọc thẻ căn cước</source>
        <translation>Read your ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="14"/>
        <source>Số định danh gồm 12 chữ số, in ở mặt trước thẻ căn cước. Giữ yên thẻ trên đầu đọc cho đến khi kiosk đọc xong.</source>
        <translation>The personal ID number has 12 digits and is printed on the front of your ID card. Keep the card still on the reader until the kiosk has finished reading it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="17"/>
        <source>Mã QR là ô vuông nhỏ màu đen trắng ở mặt sau thẻ căn cước. Giữ thẻ yên trước camera phía trên màn hình, cách khoảng một gang tay.</source>
        <translation>The QR code is the small black-and-white square on the back of your ID card. Hold the card still in front of the camera above the screen, about a hand&apos;s width away.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="23"/>
        <source>Không dùng thẻ, tự nhập thông tin</source>
        <translation>Type my details instead of using the card</translation>
    </message>
</context>
<context>
    <name>IntroScreen</name>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="9"/>
        <source>Bắt đầu làm hồ sơ</source>
        <translation>Start the application</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="11"/>
        <source>Màn hình này cho biết Ông/⁠Bà cần chuẩn bị gì trước khi làm hồ sơ.</source>
        <translation>This screen tells you what to have ready before you start.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="33"/>
        <source>Ông/⁠Bà cần chuẩn bị:</source>
        <translation>You will need:</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="62"/>
        <source>Thời gian làm tại kiosk</source>
        <translation>Time at the kiosk</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="63"/>
        <source>khoảng 5 phút</source>
        <translation>about 5 minutes</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="64"/>
        <source>Lệ phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="65"/>
        <source>miễn phí</source>
        <translation>free of charge</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="66"/>
        <source>Thời hạn giải quyết</source>
        <translation>Processing time</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="68"/>
        <source>Nơi giải quyết</source>
        <translation>Handled by</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="35"/>
        <source>Tra cứu hồ sơ</source>
        <translation>Check an application</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="36"/>
        <source>Mã hồ sơ in to ở giữa biên nhận, bắt đầu bằng HN, ví dụ HN-7K3M-Q9PD. Mã QR ngay dưới mã hồ sơ cũng dùng để tra cứu.</source>
        <translation>The tracking code is printed large in the middle of the receipt and starts with HN, for example HN-7K3M-Q9PD. The QR code just below it works too.</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="37"/>
        <source>Tra cứu</source>
        <translation>Look it up</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="37"/>
        <source>Xong, về trang đầu</source>
        <translation>Done, back to the start</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="45"/>
        <source>Tra cứu mã khác</source>
        <translation>Look up another code</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="57"/>
        <source>Ông/⁠Bà nhập mã hồ sơ in trên biên nhận</source>
        <translation>Type the tracking code printed on your receipt</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="64"/>
        <source>Mã có dạng HN-7K3M-Q9PD. Chỉ cần nhập 8 chữ và số sau chữ HN.</source>
        <translation>It looks like HN-7K3M-Q9PD. Typing the 8 letters and digits after HN is enough.</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="90"/>
        <source>Hoặc đưa mã QR trên biên nhận (ngay dưới mã hồ sơ) vào trước camera phía trên màn hình.</source>
        <translation>Or hold the QR code on the receipt (just below the tracking code) in front of the camera above the screen.</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="137"/>
        <source>Đang tra cứu hồ sơ %1…</source>
        <translation>Looking up application %1…</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="169"/>
        <source>Tình trạng hồ sơ</source>
        <translation>Status of the application</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="198"/>
        <source>Mã hồ sơ</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="211"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="224"/>
        <source>Nộp lúc</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="237"/>
        <source>Số hồ sơ trên Cổng</source>
        <translation>Portal dossier number</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="254"/>
        <source>Các bước đã qua</source>
        <translation>Steps so far</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="276"/>
        <source>Ghi chú của cơ quan: %1</source>
        <translation>Note from the office: %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="81"/>
        <source>Ông/⁠Bà còn đang làm hồ sơ không?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="88"/>
        <source>Để bảo vệ thông tin của Ông/⁠Bà, kiosk sẽ xóa hồ sơ đang làm sau %1 giây.</source>
        <translation>To protect your details, the kiosk will clear this application in %1 seconds.</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="97"/>
        <source>Tôi vẫn đang làm</source>
        <translation>I am still here</translation>
    </message>
</context>
<context>
    <name>QuestionScreen</name>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="20"/>
        <source>Câu %1/%2</source>
        <translation>Question %1 of %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="21"/>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="21"/>
        <source>Bỏ qua, không chụp</source>
        <translation>Skip, no photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="23"/>
        <source>Trả lời câu hỏi rồi bấm Tiếp tục. Bấm Quay lại để xem câu trước; câu trả lời đã nhập không bị mất.</source>
        <translation>Answer the question, then press Continue. Press Back to see the previous question; your answers are not lost.</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="94"/>
        <source>Giấy tờ: %1</source>
        <translation>Paper: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="128"/>
        <source>Đang mở camera…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="147"/>
        <source>Chụp lại</source>
        <translation>Take again</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="147"/>
        <source>Chụp ảnh</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="164"/>
        <source>ngày/tháng/năm</source>
        <translation>day/month/year</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="195"/>
        <source>Gõ vài chữ để tìm, ví dụ: lang</source>
        <translation>Type a few letters to search, for example: lang</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="252"/>
        <source>Không có tên nào khớp. Ông/⁠Bà thử gõ ít chữ hơn.</source>
        <translation>No name matches. Try typing fewer letters.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="9"/>
        <source>Kiểm tra lại thông tin</source>
        <translation>Check your answers</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="10"/>
        <source>Gửi hồ sơ</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="12"/>
        <source>Đọc lại từng dòng. Bấm Sửa để sửa một câu trả lời. Khi mọi thông tin đã đúng, bấm Gửi hồ sơ.</source>
        <translation>Read each line. Press Change to correct an answer. When everything is right, press Submit application.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="20"/>
        <source>Ông/⁠Bà vui lòng kiểm tra lại trước khi gửi</source>
        <translation>Please check your answers before you submit</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="79"/>
        <source>Sửa</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="88"/>
        <source>Từ thẻ căn cước</source>
        <translation>From your ID card</translation>
    </message>
</context>
<context>
    <name>ScreenPage</name>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="38"/>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="57"/>
        <source>Trợ giúp</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="107"/>
        <source>Cần giúp đỡ?</source>
        <translation>Need help?</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="115"/>
        <source>Gọi tổng đài %1 hoặc nhờ ban quản lý tòa nhà hướng dẫn.</source>
        <translation>Call the %1 help line or ask the building management for help.</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="123"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SubmittingScreen</name>
    <message>
        <location filename="../qml/screens/SubmittingScreen.qml" line="18"/>
        <source>Đang lưu hồ sơ của Ông/⁠Bà…</source>
        <translation>Saving your application…</translation>
    </message>
</context>
</TS>
