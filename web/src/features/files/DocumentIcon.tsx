import {
  FileExcelOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileTextOutlined,
  FileWordOutlined,
} from '@ant-design/icons';
import { documentFamily } from './attachments.ts';

/** The icon of a document by its detected type. */
export function DocumentIcon({ mime }: { mime: string }) {
  switch (documentFamily(mime)) {
    case 'pdf':
      return <FilePdfOutlined style={{ color: '#d4380d' }} />;
    case 'word':
      return <FileWordOutlined style={{ color: '#1d39c4' }} />;
    case 'excel':
      return <FileExcelOutlined style={{ color: '#389e0d' }} />;
    case 'powerpoint':
      return <FilePptOutlined style={{ color: '#d46b08' }} />;
    case 'text':
      return <FileTextOutlined />;
    default:
      return <FileOutlined />;
  }
}
