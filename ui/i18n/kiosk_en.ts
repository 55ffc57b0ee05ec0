<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>ActionRow</name>
    <message>
        <location filename="../qml/screens/technician/ActionRow.qml" line="50"/>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>ApartmentPane</name>
    <message>
        <location filename="../qml/screens/question/ApartmentPane.qml" line="35"/>
        <source>Số căn hộ</source>
        <translation>Flat number</translation>
    </message>
    <message>
        <location filename="../qml/screens/question/ApartmentPane.qml" line="47"/>
        <source>ví dụ 1205</source>
        <translation>for example 1205</translation>
    </message>
    <message>
        <location filename="../qml/screens/question/ApartmentPane.qml" line="69"/>
        <source>Tòa nhà, phường (đã điền sẵn)</source>
        <translation>Building and ward (already filled in)</translation>
    </message>
    <message>
        <location filename="../qml/screens/question/ApartmentPane.qml" line="92"/>
        <source>Số căn hộ có chữ cái (ví dụ 12A05)</source>
        <translation>Flat number with a letter (for example 12A05)</translation>
    </message>
    <message>
        <location filename="../qml/screens/question/ApartmentPane.qml" line="101"/>
        <source>Địa chỉ khác</source>
        <translation>Another address</translation>
    </message>
</context>
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
        <location filename="../qml/screens/identify/CameraPane.qml" line="80"/>
        <source>Đang chờ đọc thẻ…</source>
        <translation>Waiting for your card…</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/CameraPane.qml" line="89"/>
        <source>Hoặc đặt thẻ lên đầu đọc thẻ bên dưới màn hình để kiosk đọc chip.</source>
        <translation>Or place your card on the card reader below the screen so the kiosk reads its chip.</translation>
    </message>
</context>
<context>
    <name>CatalogueScreen</name>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="9"/>
        <source>Chọn thủ tục</source>
        <translation>Choose a procedure</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="10"/>
        <source>Chạm vào tên thủ tục Ông/⁠Bà muốn làm.</source>
        <translation>Touch the name of the procedure you want.</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="17"/>
        <source>Ông/⁠Bà muốn làm thủ tục nào?</source>
        <translation>Which procedure do you need?</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="38"/>
        <source>Tìm thủ tục, ví dụ: tạm trú</source>
        <translation>Search, for example: temporary residence</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="48"/>
        <source>Không tìm thấy thủ tục nào. Ông/⁠Bà thử gõ từ khác, ví dụ: khai sinh.</source>
        <translation>No procedure found. Try another word, for example: birth.</translation>
    </message>
    <message>
        <location filename="../qml/screens/CatalogueScreen.qml" line="102"/>
        <source>Lệ phí: %1 · Thời hạn: %2</source>
        <translation>Fee: %1 · Time: %2</translation>
    </message>
</context>
<context>
    <name>ChipKeysPane</name>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="44"/>
        <source>Kiosk đã thấy thẻ trên đầu đọc</source>
        <translation>The kiosk sees a card on the reader</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="51"/>
        <source>Để mở chip, Ông/⁠Bà nhập số định danh (12 chữ số ở mặt trước thẻ) và ngày sinh.</source>
        <translation>To open the chip, type your personal ID number (the 12 digits on the front of the card) and your date of birth.</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="57"/>
        <source>Số định danh</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="71"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/ChipKeysPane.qml" line="80"/>
        <source>ngày/tháng/năm</source>
        <translation>day/month/year</translation>
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
        <location filename="../qml/screens/ConfirmationScreen.qml" line="15"/>
        <source>Đã nhận hồ sơ</source>
        <translation>Application received</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="16"/>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="18"/>
        <source>Hãy giữ biên nhận hoặc ghi lại mã hồ sơ để tra cứu kết quả.</source>
        <translation>Keep the receipt or write down the tracking code to look up the result.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="38"/>
        <source>Kiosk đã nhận hồ sơ</source>
        <translation>The kiosk has your application</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="44"/>
        <source>Mã hồ sơ</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="89"/>
        <source>Tiếp theo</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="95"/>
        <source>Kiosk gửi hồ sơ đến %1. Nếu mạng chậm, kiosk tự gửi lại; Ông/⁠Bà không cần làm gì thêm.</source>
        <translation>The kiosk sends your application to %1. If the network is slow, the kiosk tries again by itself; you do not need to do anything.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="96"/>
        <source>Thời hạn giải quyết: %1.</source>
        <translation>Processing time: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="97"/>
        <source>Nhận kết quả: %1.</source>
        <translation>Result: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="98"/>
        <source>Muốn biết hồ sơ đến đâu, Ông/⁠Bà bấm «Tra cứu hồ sơ đã nộp» ở trang đầu kiosk và nhập mã hồ sơ.</source>
        <translation>To see where your application is, press “Check an application” on the kiosk’s first screen and type the tracking code.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="126"/>
        <source>Vuốt lên để đọc tiếp</source>
        <translation>Swipe up to read more</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="151"/>
        <source>Đang in biên nhận…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="152"/>
        <source>Đã in biên nhận. Ông/⁠Bà vui lòng lấy biên nhận ở khe máy in bên dưới.</source>
        <translation>Your receipt is printed. Please take it from the printer slot below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="153"/>
        <source>Máy in đã hoạt động trở lại. Bấm In lại để lấy biên nhận.</source>
        <translation>The printer is working again. Press Print again to get your receipt.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="154"/>
        <source>Máy in chưa in được biên nhận. Hồ sơ vẫn được gửi bình thường. Ông/⁠Bà có thể chụp ảnh biên nhận dưới đây.</source>
        <translation>The printer could not print your receipt. Your application is still sent as usual. You can photograph the receipt below.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="161"/>
        <source>In lại</source>
        <translation>Print again</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="13"/>
        <source>Đồng ý sử dụng thông tin</source>
        <translation>Agree to the use of your details</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="14"/>
        <source>Đồng ý và tiếp tục</source>
        <translation>I agree, continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="16"/>
        <source>Kiosk cần Ông/⁠Bà đồng ý trước khi đọc thông tin trên thẻ căn cước.</source>
        <translation>The kiosk needs your agreement before it reads your ID card.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="24"/>
        <source>Không đồng ý, quay về màn hình chính</source>
        <translation>I do not agree, back to the start</translation>
    </message>
    <message>
        <location filename="../qml/screens/ConsentScreen.qml" line="40"/>
        <source>Vuốt lên để đọc tiếp</source>
        <translation>Swipe up to read more</translation>
    </message>
</context>
<context>
    <name>DeliveryScreen</name>
    <message>
        <location filename="../qml/screens/DeliveryScreen.qml" line="15"/>
        <source>Cách nhận kết quả</source>
        <translation>How you receive the result</translation>
    </message>
    <message>
        <location filename="../qml/screens/DeliveryScreen.qml" line="16"/>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/DeliveryScreen.qml" line="18"/>
        <source>Chọn nơi Ông/⁠Bà muốn nhận kết quả. Nếu gửi qua bưu điện, kiểm tra lại địa chỉ nhận.</source>
        <translation>Choose where you want to receive the result. If it is posted, check the address.</translation>
    </message>
    <message>
        <location filename="../qml/screens/DeliveryScreen.qml" line="48"/>
        <source>Ông/⁠Bà muốn nhận kết quả thế nào?</source>
        <translation>How would you like to receive the result?</translation>
    </message>
    <message>
        <location filename="../qml/screens/DeliveryScreen.qml" line="104"/>
        <source>Địa chỉ nhận kết quả qua bưu điện (Ông/⁠Bà có thể sửa)</source>
        <translation>Address to post the result to (you can change it)</translation>
    </message>
</context>
<context>
    <name>DisplayBar</name>
    <message>
        <location filename="../qml/components/DisplayBar.qml" line="54"/>
        <source>Cỡ chữ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../qml/components/DisplayBar.qml" line="66"/>
        <source>Chữ cỡ thường</source>
        <translation>Normal text size</translation>
    </message>
    <message>
        <location filename="../qml/components/DisplayBar.qml" line="67"/>
        <source>Chữ lớn</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../qml/components/DisplayBar.qml" line="67"/>
        <source>Chữ lớn nhất</source>
        <translation>Largest text</translation>
    </message>
    <message>
        <location filename="../qml/components/DisplayBar.qml" line="74"/>
        <source>Tương phản cao</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>HelpPopup</name>
    <message>
        <location filename="../qml/components/HelpPopup.qml" line="20"/>
        <source>Cần giúp đỡ?</source>
        <translation>Need help?</translation>
    </message>
    <message>
        <location filename="../qml/components/HelpPopup.qml" line="36"/>
        <source>Gọi tổng đài %1 hoặc nhờ ban quản lý tòa nhà hướng dẫn.</source>
        <translation>Call the %1 help line or ask the building management for help.</translation>
    </message>
    <message>
        <location filename="../qml/components/HelpPopup.qml" line="53"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="25"/>
        <source>THÀNH PHỐ HÀ NỘI</source>
        <translation>HANOI CITY</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="31"/>
        <source>Dịch vụ công trực tuyến</source>
        <translation>Online public services</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="53"/>
        <source>Nộp hồ sơ thủ tục hành chính ngay tại sảnh tòa nhà</source>
        <translation>Submit public-service applications right here in your building&apos;s lobby</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="60"/>
        <source>Đăng ký tạm trú, khai sinh, lý lịch tư pháp và nhiều thủ tục khác. Ông/⁠Bà chỉ cần mang theo thẻ căn cước.</source>
        <translation>Temporary residence, birth registration, criminal-record certificates and more. All you need is your ID card.</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="92"/>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="98"/>
        <source>Tra cứu hồ sơ đã nộp</source>
        <translation>Check an application</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="107"/>
        <source>Tổng đài hỗ trợ: %1</source>
        <translation>Help line: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="114"/>
        <source>Trợ giúp</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="131"/>
        <source>Bấm «Bắt đầu» để làm hồ sơ: kiosk hướng dẫn từng bước, Ông/⁠Bà chỉ cần thẻ căn cước. Đã nộp rồi thì bấm «Tra cứu hồ sơ đã nộp» và đưa biên nhận vào trước camera.</source>
        <translation>Press “Start” to make an application: the kiosk guides you step by step; you only need your ID card. Already applied? Press “Check an application” and hold your receipt up to the camera.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="17"/>
        <source>Đọc thẻ căn cước</source>
        <translation>Read your ID card</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="15"/>
        <source>Số định danh gồm 12 chữ số, in ở mặt trước thẻ căn cước. Giữ yên thẻ trên đầu đọc cho đến khi kiosk đọc xong.</source>
        <translation>The personal ID number has 12 digits and is printed on the front of your ID card. Keep the card still on the reader until the kiosk has finished reading it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="19"/>
        <source>Mã QR là ô vuông nhỏ màu đen trắng ở mặt sau thẻ căn cước. Giữ thẻ yên trước camera phía trên màn hình, cách khoảng một gang tay.</source>
        <translation>The QR code is the small black-and-white square on the back of your ID card. Hold the card still in front of the camera above the screen, about a hand&apos;s width away.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="25"/>
        <source>Không dùng thẻ, tự nhập thông tin</source>
        <translation>Type my details instead of using the card</translation>
    </message>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="61"/>
        <source>Đọc chip</source>
        <translation>Read the chip</translation>
    </message>
</context>
<context>
    <name>IntroScreen</name>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="12"/>
        <source>Bắt đầu làm hồ sơ</source>
        <translation>Start the application</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="14"/>
        <source>Màn hình này cho biết Ông/⁠Bà cần chuẩn bị gì trước khi làm hồ sơ.</source>
        <translation>This screen tells you what to have ready before you start.</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="28"/>
        <source>Vuốt lên để đọc tiếp</source>
        <translation>Swipe up to read more</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="72"/>
        <source>Ông/⁠Bà cần chuẩn bị:</source>
        <translation>You will need:</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="104"/>
        <source>Thời gian làm tại kiosk</source>
        <translation>Time at the kiosk</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="105"/>
        <source>Lệ phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="105"/>
        <source>miễn phí</source>
        <translation>free of charge</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="106"/>
        <source>Thời hạn giải quyết</source>
        <translation>Processing time</translation>
    </message>
    <message>
        <location filename="../qml/screens/IntroScreen.qml" line="107"/>
        <source>Nơi giải quyết</source>
        <translation>Handled by</translation>
    </message>
</context>
<context>
    <name>ListenButton</name>
    <message>
        <location filename="../qml/components/ListenButton.qml" line="22"/>
        <source>Không có giọng đọc</source>
        <translation>No voice available</translation>
    </message>
    <message>
        <location filename="../qml/components/ListenButton.qml" line="23"/>
        <source>Dừng đọc</source>
        <translation>Stop reading</translation>
    </message>
    <message>
        <location filename="../qml/components/ListenButton.qml" line="23"/>
        <source>Nghe</source>
        <translation>Listen</translation>
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
        <location filename="../qml/screens/LookupScreen.qml" line="150"/>
        <source>Đang tra cứu hồ sơ %1…</source>
        <translation>Looking up application %1…</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="182"/>
        <source>Tình trạng hồ sơ</source>
        <translation>Status of the application</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="211"/>
        <source>Mã hồ sơ</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="226"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="239"/>
        <source>Nộp lúc</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="252"/>
        <source>Số hồ sơ trên Cổng</source>
        <translation>Portal dossier number</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="267"/>
        <source>Lệ phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="282"/>
        <source>Nhận kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="317"/>
        <source>Các bước đã qua</source>
        <translation>Steps so far</translation>
    </message>
    <message>
        <location filename="../qml/screens/LookupScreen.qml" line="300"/>
        <location filename="../qml/screens/LookupScreen.qml" line="339"/>
        <source>Ghi chú của cơ quan: %1</source>
        <translation>Note from the office: %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="152"/>
        <source>Ông/⁠Bà còn đang làm hồ sơ không?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="159"/>
        <source>Để bảo vệ thông tin của Ông/⁠Bà, kiosk sẽ xóa hồ sơ đang làm sau %1 giây.</source>
        <translation>To protect your details, the kiosk will clear this application in %1 seconds.</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="168"/>
        <source>Tôi vẫn đang làm</source>
        <translation>I am still here</translation>
    </message>
</context>
<context>
    <name>NotifyScreen</name>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="13"/>
        <source>Nhận thông báo về hồ sơ</source>
        <translation>News of your application</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="14"/>
        <source>Đồng ý nhận thông báo</source>
        <translation>Agree to notifications</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="16"/>
        <source>Cổng dịch vụ công sẽ nhắn tin khi hồ sơ có kết quả hoặc cần bổ sung. Không đồng ý thì hồ sơ vẫn được xử lý bình thường.</source>
        <translation>The portal will message you when there is a result or something more is needed. If you say no, your application is processed the same.</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="24"/>
        <source>Không, cảm ơn</source>
        <translation>No, thank you</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="46"/>
        <source>Ông/⁠Bà có muốn được báo khi hồ sơ có tiến triển không?</source>
        <translation>Would you like to be told when your application moves on?</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="53"/>
        <source>Nếu đồng ý, kiosk gửi số điện thoại này cùng hồ sơ, chỉ để Cổng dịch vụ công báo tình trạng hồ sơ. Không đồng ý thì không mất gì.</source>
        <translation>If you agree, the kiosk sends this number with your application, only for the portal to tell you its status. Saying no costs nothing.</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="64"/>
        <source>Nhận thông báo qua</source>
        <translation>Notify me by</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="75"/>
        <source>Tin nhắn SMS</source>
        <translation>SMS text message</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="89"/>
        <source>Số điện thoại di động</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../qml/screens/NotifyScreen.qml" line="100"/>
        <source>ví dụ 0912345678</source>
        <translation>for example 0912345678</translation>
    </message>
</context>
<context>
    <name>PaperPane</name>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="24"/>
        <source>Đã chụp %1 trang. Còn trang nào thì bấm «Chụp thêm trang», xong thì bấm «Tiếp tục».</source>
        <translation>%1 page(s) taken. For another page press “Take another page”; when done press “Continue”.</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="26"/>
        <source>Trang %1: chữ có rõ không?</source>
        <translation>Page %1: can you read the text?</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="27"/>
        <source>Trang %1: đặt giấy tờ trước máy ảnh. Máy tự chụp khi thấy rõ.</source>
        <translation>Page %1: hold the paper up to the camera. It takes the photo by itself once the page is clear.</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="108"/>
        <source>Đang mở camera…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="122"/>
        <source>Không chụp nữa</source>
        <translation>No more pages</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="128"/>
        <source>Chụp ảnh</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="162"/>
        <location filename="../qml/screens/paper/PaperPane.qml" line="225"/>
        <source>Chụp lại</source>
        <translation>Take again</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="168"/>
        <source>Dùng ảnh này</source>
        <translation>Use this photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="179"/>
        <source>Chụp thêm trang</source>
        <translation>Take another page</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="215"/>
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/paper/PaperPane.qml" line="231"/>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>PaymentPane</name>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="44"/>
        <source>Lệ phí %1: thanh toán bằng mã VietQR</source>
        <translation>Fee %1: pay with the VietQR code</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="114"/>
        <source>Đang tạo mã…</source>
        <translation>Making the code…</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="149"/>
        <source>Chuyển khoản bằng mã VietQR</source>
        <translation>Bank transfer with the VietQR code</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="160"/>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="161"/>
        <source>Ngân hàng (mã BIN)</source>
        <translation>Bank (BIN)</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="162"/>
        <source>Số tài khoản</source>
        <translation>Account number</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="163"/>
        <source>Nội dung chuyển khoản</source>
        <translation>Transfer purpose</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="192"/>
        <source>Mở ứng dụng ngân hàng, chọn quét mã QR và đưa điện thoại vào mã này.</source>
        <translation>Open your bank app, choose Scan QR and hold your phone to this code.</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/PaymentPane.qml" line="204"/>
        <source>Hoặc: %1.</source>
        <translation>Or: %1.</translation>
    </message>
</context>
<context>
    <name>PersonConfirmPane</name>
    <message>
        <location filename="../qml/screens/identify/PersonConfirmPane.qml" line="19"/>
        <source>Đây có phải là Ông/⁠Bà không?</source>
        <translation>Is this you?</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/PersonConfirmPane.qml" line="39"/>
        <source>Không hiển thị được ảnh chân dung trong thẻ. Ông/⁠Bà vẫn có thể tiếp tục.</source>
        <translation>The photo on your card cannot be shown. You can still continue.</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/PersonConfirmPane.qml" line="56"/>
        <source>Ngày sinh %1 · Số định danh %2</source>
        <translation>Born %1 · ID number %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/PersonConfirmPane.qml" line="65"/>
        <source>Đúng, tiếp tục</source>
        <translation>Yes, continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/identify/PersonConfirmPane.qml" line="71"/>
        <source>Không phải tôi</source>
        <translation>This is not me</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="28"/>
        <source>Mã PIN không đúng. Còn %1 lần thử trước khi bị khoá.</source>
        <translation>Wrong PIN. Tries left before the pad locks: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="30"/>
        <source>Đã khoá %1 phút do nhập sai mã PIN %2 lần liên tiếp — thử lại lúc %3.</source>
        <translation>Locked for %1 minutes after %2 wrong PINs in a row — try again at %3.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="33"/>
        <source>Kiosk này chưa có mã PIN kỹ thuật viên. Hãy đặt mã PIN khi cài đặt kiosk (lệnh «kiosk provision») rồi thử lại.</source>
        <translation>This kiosk has no technician PIN yet. Set one when installing the kiosk (the “kiosk provision” command), then try again.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="52"/>
        <source>Dành cho kỹ thuật viên</source>
        <translation>For technicians</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="59"/>
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="75"/>
        <source>Nhập mã PIN kỹ thuật viên</source>
        <translation>Enter the technician PIN</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="82"/>
        <source>Màn hình bảo trì chỉ dành cho kỹ thuật viên. Nếu Ông/⁠Bà đang làm hồ sơ, xin bấm «Thoát» để quay lại.</source>
        <translation>The maintenance screen is for technicians only. If you are filling in an application, please press “Exit” to go back to it.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="150"/>
        <source>Đang kiểm tra mã PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="175"/>
        <source>Xoá</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="188"/>
        <source>Xoá hết</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/PinPad.qml" line="204"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>QuestionScreen</name>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="30"/>
        <source>Câu %1/%2</source>
        <translation>Question %1 of %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="32"/>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="31"/>
        <source>Bỏ qua, không chụp</source>
        <translation>Skip, no photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="30"/>
        <source>Sửa thông tin</source>
        <translation>Correct a detail</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="32"/>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="34"/>
        <source>Trả lời câu hỏi rồi bấm Tiếp tục. Bấm Quay lại để xem câu trước; câu trả lời đã nhập không bị mất.</source>
        <translation>Answer the question, then press Continue. Press Back to see the previous question; your answers are not lost.</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="119"/>
        <source>Đây là địa chỉ ghi trên thẻ căn cước. Nếu Ông/⁠Bà đã chuyển nơi thường trú, xin sửa theo địa chỉ hiện nay.</source>
        <translation>This is the address on your ID card. If you have moved your permanent residence, please correct it to your current address.</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="132"/>
        <source>Giấy tờ: %1</source>
        <translation>Paper: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="158"/>
        <source>Tôi ở tòa nhà này: chỉ nhập số căn hộ</source>
        <translation>I live in this building: just the flat number</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="187"/>
        <source>Ở tòa nhà này: %1</source>
        <translation>In this building: %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="202"/>
        <source>Chạm nút trên rồi gõ số căn hộ, hoặc gõ địa chỉ khác.</source>
        <translation>Tap the button above, then type your flat number, or type another address.</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="178"/>
        <source>ngày/tháng/năm</source>
        <translation>day/month/year</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="235"/>
        <source>Gõ vài chữ để tìm, ví dụ: lang</source>
        <translation>Type a few letters to search, for example: lang</translation>
    </message>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="292"/>
        <source>Không có tên nào khớp. Ông/⁠Bà thử gõ ít chữ hơn.</source>
        <translation>No name matches. Try typing fewer letters.</translation>
    </message>
</context>
<context>
    <name>RatingPane</name>
    <message>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="39"/>
        <source>Cảm ơn Ông/⁠Bà.</source>
        <translation>Thank you.</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="50"/>
        <source>Ông/⁠Bà thấy dùng kiosk thế nào? (không bắt buộc)</source>
        <translation>How was using the kiosk? (optional)</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="57"/>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="173"/>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="131"/>
        <source>Vì sao? Chọn nếu Ông/⁠Bà muốn (không bắt buộc)</source>
        <translation>Why? Choose if you like (optional)</translation>
    </message>
    <message>
        <location filename="../qml/screens/confirmation/RatingPane.qml" line="181"/>
        <source>Gửi đánh giá</source>
        <translation>Send rating</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="10"/>
        <source>Kiểm tra lại thông tin</source>
        <translation>Check your answers</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="11"/>
        <source>Gửi hồ sơ</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="13"/>
        <source>Đọc lại từng dòng. Bấm Sửa để sửa một câu trả lời. Khi mọi thông tin đã đúng, bấm Gửi hồ sơ.</source>
        <translation>Read each line. Press Change to correct an answer. When everything is right, press Submit application.</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="21"/>
        <source>Ông/⁠Bà vui lòng kiểm tra lại trước khi gửi</source>
        <translation>Please check your answers before you submit</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="62"/>
        <source>Giấy tờ</source>
        <translation>Papers</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="89"/>
        <source>Chụp</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="141"/>
        <source>Sửa</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../qml/screens/ReviewScreen.qml" line="150"/>
        <source>Từ thẻ căn cước</source>
        <translation>From your ID card</translation>
    </message>
</context>
<context>
    <name>ScreenPage</name>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="42"/>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="60"/>
        <source>Trợ giúp</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="103"/>
        <source>Làm lại từ đầu</source>
        <translation>Start over</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="147"/>
        <source>Làm lại từ đầu?</source>
        <translation>Start over?</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="154"/>
        <source>Mọi thông tin Ông/⁠Bà đã nhập và giấy tờ đã chụp sẽ bị xóa, rồi kiosk trở về trang đầu.</source>
        <translation>Everything you have entered and every paper photographed will be deleted, and the kiosk goes back to the start.</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="162"/>
        <source>Xóa và làm lại</source>
        <translation>Delete and start over</translation>
    </message>
    <message>
        <location filename="../qml/components/ScreenPage.qml" line="168"/>
        <source>Không, tiếp tục làm</source>
        <translation>No, carry on</translation>
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
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="25"/>
        <source>%1 giây</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="26"/>
        <source>%1 phút</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="27"/>
        <source>%1 giờ %2 phút</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="28"/>
        <source>%1 ngày %2 giờ</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="30"/>
        <source>%1 trước</source>
        <translation>%1 ago</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="32"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="33"/>
        <source>chưa lần nào từ khi kiosk khởi động</source>
        <translation>not once since the kiosk started</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="38"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="51"/>
        <source>Sẵn sàng</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="39"/>
        <source>Sắp hết giấy</source>
        <translation>Paper running low</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="40"/>
        <source>Hết giấy</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="41"/>
        <source>Nắp đang mở</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="42"/>
        <source>Mất kết nối</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="43"/>
        <source>Không rõ (máy in không báo trạng thái)</source>
        <translation>Unknown (the printer does not report its state)</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="52"/>
        <source>Không thấy đầu đọc thẻ</source>
        <translation>No card reader found</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="53"/>
        <source>Dịch vụ đọc thẻ (pcscd) không chạy</source>
        <translation>The card reader service (pcscd) is not running</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="57"/>
        <source>Hoạt động</source>
        <translation>Working</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="57"/>
        <source>Không nhận được hình</source>
        <translation>No picture</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="61"/>
        <source>máy in sẵn sàng</source>
        <translation>the printer is ready</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="62"/>
        <source>sắp hết giấy</source>
        <translation>paper running low</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="63"/>
        <source>hết giấy</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="64"/>
        <source>nắp đang mở</source>
        <translation>cover open</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="65"/>
        <source>mất kết nối</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="66"/>
        <source>máy in báo lỗi</source>
        <translation>the printer reports an error</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="67"/>
        <source>máy in không báo trạng thái</source>
        <translation>the printer does not report its state</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="72"/>
        <source>Đầu đọc thẻ</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="73"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="332"/>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="74"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="181"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="353"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="75"/>
        <source>Cổng dịch vụ công</source>
        <translation>Public service portal</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="76"/>
        <source>Đồng hồ</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="77"/>
        <source>Ổ đĩa</source>
        <translation>Disk</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="78"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="189"/>
        <source>Hàng đợi hồ sơ</source>
        <translation>Application queue</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="79"/>
        <source>Phông chữ</source>
        <translation>Fonts</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="80"/>
        <source>Bản dịch tiếng Anh</source>
        <translation>English translation</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="81"/>
        <source>Phiên bản phần mềm</source>
        <translation>Software version</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="87"/>
        <source>Đang bắt đầu tự kiểm tra…</source>
        <translation>Starting the self-test…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="88"/>
        <source>Đang kiểm tra %1 (%2/%3)…</source>
        <translation>Checking %1 (%2/%3)…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="96"/>
        <source>Chưa đọc được mã QR nào. Đưa mã QR trên trang in thử vào trước camera.</source>
        <translation>No QR code read yet. Hold the QR code on the test page in front of the camera.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="98"/>
        <source>Trang in thử, lúc %1: %2</source>
        <translation>Test page, at %1: %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="99"/>
        <source>Thẻ căn cước, lúc %1: đã đọc được mã (nội dung không hiển thị).</source>
        <translation>ID card, at %1: the code was read (its content is not shown).</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="100"/>
        <source>Biên nhận của người dân, lúc %1: đã đọc được mã (nội dung không hiển thị).</source>
        <translation>A resident&apos;s receipt, at %1: the code was read (its content is not shown).</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="101"/>
        <source>Một mã QR khác, lúc %1: đã đọc được.</source>
        <translation>Another QR code, at %1: it was read.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="121"/>
        <source>Bảo trì kiosk</source>
        <translation>Kiosk maintenance</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="128"/>
        <source>phiên bản %1</source>
        <translation>version %1</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="129"/>
        <source>tự đóng sau %1 phút không chạm</source>
        <translation>closes after %1 minutes untouched</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="158"/>
        <source>Đang đọc trạng thái kiosk…</source>
        <translation>Reading the kiosk&apos;s state…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="165"/>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="169"/>
        <source>Máy in biên nhận</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="175"/>
        <source>Đầu đọc thẻ căn cước</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="193"/>
        <source>Số hồ sơ</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="195"/>
        <source>Không đọc được hàng đợi trên đĩa</source>
        <translation>The queue on disk cannot be read</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="196"/>
        <source>chờ gửi %1 · đang gửi %2 · đã gửi %3 · bị từ chối %4</source>
        <translation>waiting %1 · sending %2 · sent %3 · refused %4</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="203"/>
        <source>Hồ sơ chờ lâu nhất</source>
        <translation>Oldest waiting</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="205"/>
        <source>không có hồ sơ nào chờ gửi</source>
        <translation>no application waiting to be sent</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="206"/>
        <source>đã chờ %1, đã thử gửi %2 lần</source>
        <translation>waiting for %1, attempts so far: %2</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="214"/>
        <source>Lý do chờ</source>
        <translation>Why it waits</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="217"/>
        <source>chưa đến lượt gửi</source>
        <translation>not sent yet: its turn has not come</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="223"/>
        <source>Thử gửi lại lúc</source>
        <translation>Next attempt at</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="228"/>
        <source>Bị từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="229"/>
        <source>Xem lý do bằng lệnh «kiosk outbox failures».</source>
        <translation>See why with the “kiosk outbox failures” command.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="236"/>
        <source>Đồng bộ với cổng dịch vụ công</source>
        <translation>Sync with the public service portal</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="240"/>
        <source>Đồng bộ được gần nhất</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="245"/>
        <source>Tín hiệu hoạt động gần nhất</source>
        <translation>Last heartbeat</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="250"/>
        <source>Lỗi kết nối từ khi khởi động</source>
        <translation>Connection errors since start</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="255"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="257"/>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="262"/>
        <source>Không đồng bộ được (%1). Kiểm tra mạng rồi thử lại.</source>
        <translation>The sync failed (%1). Check the network, then try again.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="263"/>
        <source>Đã thử gửi %1 hồ sơ. Mục Hàng đợi cho biết hồ sơ nào còn chờ.</source>
        <translation>Tried to send %1 applications. The queue section shows which still wait.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="264"/>
        <source>Không có hồ sơ nào đến lượt gửi lúc này.</source>
        <translation>No application is due to be sent now.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="273"/>
        <source>Danh mục thủ tục</source>
        <translation>Procedure catalogue</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="277"/>
        <source>Phiên bản đang dùng</source>
        <translation>Version in use</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="279"/>
        <source>bản cài sẵn theo kiosk</source>
        <translation>the one shipped with the kiosk</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="286"/>
        <source>Tự kiểm tra</source>
        <translation>Self-test</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="289"/>
        <source>Chạy tự kiểm tra</source>
        <translation>Run the self-test</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="296"/>
        <source>Không chạy được tự kiểm tra (%1).</source>
        <translation>The self-test could not run (%1).</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="302"/>
        <source>%1 đạt · %2 cảnh báo · %3 lỗi</source>
        <translation>passed %1 · warnings %2 · failed %3</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="335"/>
        <source>In trang thử</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="337"/>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="342"/>
        <source>Không in được (%1).</source>
        <translation>Could not print (%1).</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="343"/>
        <source>Đã in trang thử. Đưa mã QR trên trang vào trước camera để thử camera.</source>
        <translation>Test page printed. Hold its QR code in front of the camera to test the camera.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="344"/>
        <source>Không in được: %1.</source>
        <translation>Could not print: %1.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="380"/>
        <source>Camera tạm dừng trong lúc tự kiểm tra.</source>
        <translation>The camera is paused during the self-test.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="381"/>
        <source>Đang mở camera…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="388"/>
        <source>Mã QR vừa đọc</source>
        <translation>Last QR code read</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="397"/>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="464"/>
        <source>Khởi động lại</source>
        <translation>Restart</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="400"/>
        <source>Tắt ứng dụng kiosk để hệ thống tự mở lại sau vài giây. Hồ sơ đã lưu không bị mất.</source>
        <translation>Quit the kiosk app; the system starts it again within seconds. Saved applications are not lost.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="409"/>
        <source>Khởi động lại kiosk</source>
        <translation>Restart the kiosk</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="422"/>
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="439"/>
        <source>Khởi động lại kiosk ngay?</source>
        <translation>Restart the kiosk now?</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="446"/>
        <source>Màn hình sẽ tắt vài giây rồi kiosk tự mở lại ở trang chủ.</source>
        <translation>The screen goes dark for a few seconds, then the kiosk opens again at the home screen.</translation>
    </message>
    <message>
        <location filename="../qml/screens/technician/TechnicianScreen.qml" line="457"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../keyboard/layouts/vi_VN/main.qml" line="21"/>
        <source>sắc</source>
        <translation>acute</translation>
    </message>
    <message>
        <location filename="../keyboard/layouts/vi_VN/main.qml" line="22"/>
        <source>huyền</source>
        <translation>grave</translation>
    </message>
    <message>
        <location filename="../keyboard/layouts/vi_VN/main.qml" line="23"/>
        <source>hỏi</source>
        <translation>hook</translation>
    </message>
    <message>
        <location filename="../keyboard/layouts/vi_VN/main.qml" line="24"/>
        <source>ngã</source>
        <translation>tilde</translation>
    </message>
    <message>
        <location filename="../keyboard/layouts/vi_VN/main.qml" line="25"/>
        <source>nặng</source>
        <translation>dot</translation>
    </message>
</context>
</TS>
